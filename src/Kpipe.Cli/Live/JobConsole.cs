using Kpipe.Cli.Logging;
using Kpipe.Pipeline.Runtime;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Kpipe.Cli.Live;

/// <summary>
/// How <c>kpipe job run</c> shows a job: stream-metrics on a terminal gets the live view, with the log lines held by it;
/// otherwise (output redirected, <c>--plain</c>, JSON logs, another job) the job's own lines and the log as configured.
/// </summary>
internal sealed class JobConsole(LogSettings logSettings, bool plain)
{
    public const string LiveJob = "stream-metrics";

    /// <summary>The live view's state when this job gets one, else null.</summary>
    public LiveState? LiveStateFor(string job, string topic) =>
        job == LiveJob && !plain && logSettings.Format == LogFormat.Text && !Console.IsOutputRedirected
            ? new LiveState(job, topic, Console.Error)
            : null;

    public ILoggerFactory CreateLoggerFactory(LiveState? live) => KpipeLogging.Create(logSettings, live is null ? null : live.Log);

    /// <summary>The runtime's logger; without <c>--verbose</c> its stopping line is left to the closing line.</summary>
    public ILogger<JobRuntime> RuntimeLogger(ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger<JobRuntime>();
        return logSettings.Verbose ? logger : new RuntimeLogger(logger);
    }

    /// <summary>
    /// The run's closing line: after the job's other lines on standard error, or as one more JSON log line, so a log
    /// shipper reads nothing but JSON.
    /// </summary>
    public Task FinishedAsync(ILoggerFactory loggerFactory, string line)
    {
        if (logSettings.Format == LogFormat.Json)
        {
            loggerFactory.CreateLogger("Kpipe.Cli").LogInformation("{Summary}", line);
            return Task.CompletedTask;
        }
        return Console.Error.WriteLineAsync("kpipe: " + line);
    }

    public Task<T> RunAsync<T>(LiveState? live, Task<T> job) =>
        live is null ? job : LiveDisplay.RunAsync(AnsiConsole.Console, live, job, Console.Error);
}
