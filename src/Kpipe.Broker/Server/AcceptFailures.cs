using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Server;

/// <summary>
/// What the accept loop does when accepting fails (typically out of file descriptors under a connection flood): it
/// backs off, longer while failures go on, and logs at most one line per interval with a count of the rest, since a
/// tight retry loop would burn a core and fill the disk.
/// </summary>
internal sealed partial class AcceptFailures(TimeSpan logInterval, ILogger logger)
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);
    private int _streak;
    private long _suppressed;
    private long _lastLogged;

    /// <summary>Logs (or counts) the failure and returns how long to wait before the next accept.</summary>
    public TimeSpan OnFailure(string reason)
    {
        _streak++;
        if (_lastLogged == 0 || Stopwatch.GetElapsedTime(_lastLogged) >= logInterval)
        {
            LogFailed(reason, _suppressed);
            _suppressed = 0;
            _lastLogged = Stopwatch.GetTimestamp();
        }
        else
        {
            _suppressed++;
        }

        return TimeSpan.FromMilliseconds(Math.Min(LongestPause.TotalMilliseconds, 5 << Math.Min(_streak, 8)));
    }

    /// <summary>Ends a run of failures: the next one pauses briefly again.</summary>
    public void OnSuccess() => _streak = 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "accepting a connection failed: {Reason} ({Suppressed:N0} earlier failures not logged)")]
    private partial void LogFailed(string reason, long suppressed);
}
