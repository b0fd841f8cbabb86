using Kpipe.Broker.Server;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Tests.Server;

/// <summary>Accept failures (a process out of file descriptors under a flood) must neither spin nor fill the log.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class AcceptFailuresTests
{
    [Fact]
    public async Task A_thousand_failures_within_the_interval_log_one_line_and_the_next_interval_reports_the_count()
    {
        var logs = new CapturingLoggerFactory(LogLevel.Debug);
        var failures = new AcceptFailures(TimeSpan.FromMilliseconds(300), logs.CreateLogger("accept"));
        for (var i = 0; i < 1_000; i++)
        {
            failures.OnFailure("Too many open files");
        }

        Assert.Single(logs.Lines);
        await Poll.UntilAsync(() =>
        {
            failures.OnFailure("Too many open files");
            return logs.Lines.Count == 2;
        }, TimeSpan.FromSeconds(10), "the next interval's line");
        Assert.Contains(" earlier failures not logged", logs.Lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("(0 earlier", logs.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Failures_in_a_row_pause_longer_up_to_a_second_and_a_success_resets_the_pause()
    {
        var failures = new AcceptFailures(TimeSpan.FromMinutes(1), new CapturingLoggerFactory().CreateLogger("accept"));
        var pauses = Enumerable.Range(0, 12).Select(_ => failures.OnFailure("x")).ToArray();
        Assert.True(pauses[0] > TimeSpan.Zero);
        Assert.All(pauses.Zip(pauses.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.Equal(TimeSpan.FromSeconds(1), pauses[^1]);
        failures.OnSuccess();
        Assert.Equal(pauses[0], failures.OnFailure("x"));
    }
}
