using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kpipe.Testing;

/// <summary>A logger factory that keeps every message at or above a level, so tests can assert what was logged and how often.</summary>
public sealed class CapturingLoggerFactory(LogLevel minimum = LogLevel.Trace) : ILoggerFactory
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();
    private readonly LogLevel _minimum = minimum;

    /// <summary>Every message logged so far, in order.</summary>
    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    /// <summary>Every message logged so far, as "Level: message".</summary>
    public IReadOnlyList<string> Lines => [.. _entries.Select(e => $"{e.Level}: {e.Message}")];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("a capturing factory has no providers");

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._entries.Enqueue((logLevel, formatter(state, exception)));
            }
        }
    }
}
