using Kpipe.Cli.Live;
using Kpipe.Pipeline.Jobs;
using Spectre.Console.Testing;

namespace Kpipe.EndToEnd.Tests.Cli;

[Trait("Category", TestCategories.Unit)]
public sealed class LiveStateTests
{
    [Fact]
    public void Windows_add_up_to_the_totals_and_only_the_last_ones_are_kept()
    {
        var state = new LiveState("stream-metrics", "users", TextWriter.Null);
        for (var batch = 0; batch < LiveState.WindowsKept + 5; batch++)
        {
            state.WindowCompleted(Window(batch, records: 10, deadLetters: 1));
        }

        var snapshot = state.Snapshot();

        Assert.Equal(LiveState.WindowsKept + 5, snapshot.WindowCount);
        Assert.Equal(10 * (LiveState.WindowsKept + 5), snapshot.Records);
        Assert.Equal(LiveState.WindowsKept + 5, snapshot.DeadLetters);
        Assert.Equal(Enumerable.Range(5, LiveState.WindowsKept).Select(b => (long)b), snapshot.Windows.Select(w => w.BatchId));
    }

    [Fact]
    public void Log_lines_are_held_while_the_view_runs_and_written_through_once_it_ended()
    {
        var afterwards = new StringWriter();
        var state = new LiveState("stream-metrics", "users", afterwards);
        foreach (var line in new[] { "one\n", "two\n", "three\n", "four\n" })
        {
            state.Log(line);
        }

        Assert.Equal(["two", "three", "four"], state.Snapshot().Log);
        Assert.Equal("", afterwards.ToString());
        Assert.Equal(["one", "two", "three", "four"], state.End());
        state.Log("five\n");
        Assert.Equal("five\n", afterwards.ToString());
    }

    [Fact]
    public async Task The_display_ends_with_the_job_leaves_the_last_drawing_and_hands_over_the_held_log()
    {
        var console = new TestConsole().Width(140).Interactive();
        var log = new StringWriter();
        var state = new LiveState("stream-metrics", "users", log);
        var job = new TaskCompletionSource<int>();

        var display = LiveDisplay.RunAsync(console, state, job.Task, log);
        state.WindowCompleted(Window(0, records: 321, deadLetters: 0));
        state.Log("Stopping: Idle\n");
        job.SetResult(42);

        Assert.Equal(42, await display.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("1 windows, 321 records, 0 dead letters", console.Output);
        Assert.Equal("Stopping: Idle" + Environment.NewLine, log.ToString());
    }

    [Fact]
    public async Task A_failed_job_fails_the_display_with_its_own_exception()
    {
        var console = new TestConsole().Width(140).Interactive();
        var state = new LiveState("stream-metrics", "users", TextWriter.Null);

        var display = LiveDisplay.RunAsync(console, state, Task.FromException<int>(new InvalidOperationException("broker gone")), TextWriter.Null);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => display.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("broker gone", failure.Message);
    }

    private static WindowSnapshot Window(long batch, long records, long deadLetters)
    {
        var start = new DateTimeOffset(2026, 12, 5, 19, 0, 0, TimeSpan.Zero).AddSeconds(2 * batch);
        return new WindowSnapshot(batch, start, start.AddSeconds(2), records, records, records, 0, 0, deadLetters, []);
    }
}
