using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Kpipe.Cli.Logging;

/// <summary>
/// Hands each log line, formatted as the console would write it, to a receiver instead of the console: a live view
/// shows them in its own frame, where a write to the terminal would tear it.
/// </summary>
internal sealed class LineLoggerProvider(ConsoleFormatter formatter, Action<string> receive) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, formatter, receive);

    public void Dispose()
    {
    }

    private sealed class LineLogger(string category, ConsoleFormatter formatter, Action<string> receive) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter1)
        {
            using var line = new StringWriter();
            formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter1), null, line);
            if (line.GetStringBuilder().Length > 0)
            {
                receive(line.ToString());
            }
        }
    }
}
