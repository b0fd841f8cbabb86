namespace Kpipe.Pipeline.Windows;

/// <summary>
/// Cuts processing time into windows of a fixed length aligned to the Unix epoch, as Spark's processing-time trigger does,
/// so that every instance of a job (and every restart) agrees on where windows start.
/// </summary>
public sealed class WindowPlanner
{
    private readonly long _lengthTicks;

    /// <summary>Creates a planner for windows of <paramref name="length"/>, a whole number of seconds.</summary>
    public WindowPlanner(TimeSpan length)
    {
        if (length <= TimeSpan.Zero || length.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "a window is a positive whole number of seconds (e.g. 10s)");
        }
        Length = length;
        _lengthTicks = length.Ticks;
    }

    /// <summary>The length of every window.</summary>
    public TimeSpan Length { get; }

    /// <summary>The window that contains <paramref name="instant"/>.</summary>
    public ProcessingWindow WindowAt(DateTimeOffset instant)
    {
        var sinceEpoch = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var startTicks = sinceEpoch - Mod(sinceEpoch, _lengthTicks);
        var start = DateTimeOffset.UnixEpoch.AddTicks(startTicks);
        return new ProcessingWindow(start, start.AddTicks(_lengthTicks));
    }

    /// <summary>The first window that starts at or after the end of <paramref name="window"/> and contains or follows <paramref name="now"/>.</summary>
    public ProcessingWindow Next(ProcessingWindow window, DateTimeOffset now)
    {
        var next = WindowAt(now);
        return next.Start >= window.End ? next : new ProcessingWindow(window.End, window.End.AddTicks(_lengthTicks));
    }

    private static long Mod(long value, long modulus)
    {
        var r = value % modulus;
        return r < 0 ? r + modulus : r;
    }
}
