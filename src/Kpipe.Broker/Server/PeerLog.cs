using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Server;

/// <summary>
/// Logs what the broker did to misbehaving peers without letting a flood fill the disk: the first event from an
/// address is logged in full, the rest within the interval are counted and summed up in one line per address, verb and
/// interval ("closed 1,932 more connections from 10.0.0.5 in the last 10 s: ... (last)").
/// </summary>
internal sealed partial class PeerLog : IDisposable
{
    private readonly Dictionary<(string Address, string Verb), Window> _windows = [];
    private readonly Lock _lock = new();
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Timer _timer;

    public PeerLog(TimeSpan interval, ILogger logger)
    {
        _interval = interval;
        _logger = logger;
        var tick = interval / 4;
        _timer = new Timer(_ => Flush(force: false), null, tick, tick);
    }

    /// <summary>Records that a connection from <paramref name="address"/> (<paramref name="remote"/> with its port) was <paramref name="verb"/> ("closed", "refused").</summary>
    public void Report(string address, string remote, string verb, string reason)
    {
        lock (_lock)
        {
            if (_windows.TryGetValue((address, verb), out var window))
            {
                window.Suppressed++;
                window.LastReason = reason;
                return;
            }

            _windows[(address, verb)] = new Window(Stopwatch.GetTimestamp());
        }

        LogFirst(verb == "refused" ? "refusing" : "closing", remote, reason);
    }

    private void Flush(bool force)
    {
        List<(string Address, string Verb, long Count, string Reason, TimeSpan Age)> lines = [];
        lock (_lock)
        {
            foreach (var (key, window) in _windows.ToArray())
            {
                var age = Stopwatch.GetElapsedTime(window.Started);
                if (!force && age < _interval)
                {
                    continue;
                }

                if (window.Suppressed == 0)
                {
                    // A quiet interval: the next event from this address is news again and is logged in full.
                    _windows.Remove(key);
                    continue;
                }

                lines.Add((key.Address, key.Verb, window.Suppressed, window.LastReason!, age));
                _windows[key] = new Window(Stopwatch.GetTimestamp());
            }
        }

        foreach (var (address, verb, count, reason, age) in lines)
        {
            LogSuppressed(verb, count, address, Math.Round(age.TotalSeconds), reason);
        }
    }

    /// <summary>Stops the timer and writes the counts still pending.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        Flush(force: true);
    }

    private sealed class Window(long started)
    {
        public long Started { get; } = started;

        public long Suppressed { get; set; }

        public string? LastReason { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Action} connection from {Remote}: {Reason}")]
    private partial void LogFirst(string action, string remote, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Verb} {Count:N0} more connections from {Address} in the last {Seconds} s: {Reason} (last)")]
    private partial void LogSuppressed(string verb, long count, string address, double seconds, string reason);
}
