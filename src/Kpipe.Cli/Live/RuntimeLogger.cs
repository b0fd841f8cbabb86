using Kpipe.Pipeline.Runtime;
using Microsoft.Extensions.Logging;

namespace Kpipe.Cli.Live;

/// <summary>
/// The job runtime's logger without its "Stopping: reason" line: <c>kpipe job run</c> closes with a line that says
/// why the job stopped and what it did, so a person does not read the reason twice.
/// </summary>
internal sealed class RuntimeLogger(ILogger<JobRuntime> inner) : ILogger<JobRuntime>
{
    // The name the runtime's source-generated log method gives its event.
    private const string StoppingEvent = "Stopping";

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name != StoppingEvent)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
