using Spectre.Console;

namespace Kpipe.Cli.Live;

/// <summary>
/// Keeps the live view on the terminal while a job runs, redrawn four times a second; once the job ends (Ctrl-C
/// included), the last drawing stays without its log frame and the log lines it held follow it on standard error.
/// </summary>
internal static class LiveDisplay
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    public static async Task<T> RunAsync<T>(IAnsiConsole console, LiveState state, Task<T> job, TextWriter log)
    {
        await console.Live(LiveView.Render(state.Snapshot()))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                while (!job.IsCompleted)
                {
                    await Task.WhenAny(job, Task.Delay(Refresh, CancellationToken.None));
                    context.UpdateTarget(LiveView.Render(state.Snapshot()));
                }
                context.UpdateTarget(LiveView.Render(state.Snapshot(), withLog: false));
            });
        foreach (var line in state.End())
        {
            await log.WriteLineAsync(line);
        }
        return await job;
    }
}
