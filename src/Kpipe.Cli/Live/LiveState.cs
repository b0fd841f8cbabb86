using Kpipe.Pipeline.Jobs;

namespace Kpipe.Cli.Live;

/// <summary>
/// Collects what the job reports, from its threads, for the live view to draw; it also holds the log lines written
/// while the view is on screen, which would tear it if they went to the terminal, and hands them over when it ends.
/// </summary>
internal sealed class LiveState(string job, string topic, TextWriter afterwards) : IJobObserver
{
    public const int WindowsKept = 30;
    public const int LogLinesShown = 3;
    private const int LogLinesKept = 1000;

    private readonly Lock _lock = new();
    private readonly Queue<WindowSnapshot> _windows = new();
    private readonly Queue<string> _log = new();
    private ConsumingProgress? _current;
    private long _windowCount;
    private long _records;
    private long _deadLetters;
    private long _logDropped;
    private bool _ended;

    public void Consuming(ConsumingProgress progress)
    {
        lock (_lock)
        {
            _current = progress;
        }
    }

    public void WindowCompleted(WindowSnapshot window)
    {
        lock (_lock)
        {
            _windows.Enqueue(window);
            if (_windows.Count > WindowsKept)
            {
                _windows.Dequeue();
            }
            _windowCount++;
            _records += window.Records;
            _deadLetters += window.DeadLetters;
        }
    }

    /// <summary>Takes one formatted log line: kept for the view while it runs, written straight through after it ended.</summary>
    public void Log(string line)
    {
        lock (_lock)
        {
            if (_ended)
            {
                afterwards.Write(line);
                return;
            }
            _log.Enqueue(line.TrimEnd());
            if (_log.Count > LogLinesKept)
            {
                _log.Dequeue();
                _logDropped++;
            }
        }
    }

    public LiveSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new LiveSnapshot(job, topic, _current, [.. _windows], _windowCount, _records, _deadLetters, [.. _log.TakeLast(LogLinesShown)]);
        }
    }

    /// <summary>Ends the view's hold on the log: returns the lines it kept, and lets later ones through.</summary>
    public IReadOnlyList<string> End()
    {
        lock (_lock)
        {
            _ended = true;
            var lines = _logDropped == 0 ? [.. _log] : _log.Prepend($"({_logDropped:N0} earlier log lines were dropped)").ToList();
            _log.Clear();
            return lines;
        }
    }
}
