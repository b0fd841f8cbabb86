using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kpipe.EndToEnd.Tests;

/// <summary>What `kpipe job run stream-metrics` writes when its output is not a terminal: summary lines and quiet logs.</summary>
[Trait("Category", "Slow")]
[Trait("Category", "External")]
public sealed partial class JobConsoleOutputTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>, IDisposable
{
    private const int Records = 30;
    private readonly string _root = Directory.CreateTempSubdirectory("kpipe-e2e-console-").FullName;

    [Fact]
    public async Task Redirected_output_gets_one_summary_line_per_window_and_logs_without_levels_categories_or_event_ids()
    {
        var topic = await TopicWithRecordsAsync();

        var run = await RunJobAsync(topic);

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertSummaryLines(run);
        Assert.Contains("resuming at batch 0", run.Stderr);
        Assert.Contains($"kpipe: stream-metrics stopped (idle): ", run.Stderr);
        Assert.DoesNotContain("Stopping:", run.Stderr);
        Assert.DoesNotContain("info:", run.Stderr);
        Assert.DoesNotContain("Kpipe.Pipeline", run.Stderr);
        Assert.DoesNotMatch(EventId(), run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Plain_with_json_logs_keeps_the_summary_lines_and_writes_every_log_line_as_one_json_object()
    {
        var topic = await TopicWithRecordsAsync();

        var run = await RunJobAsync(topic, "--plain", "--log-format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertSummaryLines(run);
        var logs = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(logs, log => Assert.Equal(JsonValueKind.Object, log.ValueKind));
        Assert.Contains(logs, log => log.GetProperty("Message").GetString()!.Contains("resuming at batch 0", StringComparison.Ordinal));
        Assert.Contains(logs, log => log.GetProperty("Message").GetString()!.StartsWith("stream-metrics stopped (idle)", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // Every stdout line is a window's summary, and the windows count each record once.
    private static void AssertSummaryLines(ProcessResult run)
    {
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(Summary(), line));
        Assert.Equal(Records, lines.Sum(line => int.Parse(Summary().Match(line).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));
    }

    private async Task<string> TopicWithRecordsAsync()
    {
        var topic = KafkaTestCluster.UniqueName("console");
        Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "2", "--replication", "1", "--bootstrap", broker.BootstrapServers)).ExitCode);
        var file = Path.Combine(_root, topic + ".json");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, Records).Select(i => $$"""{"id":{{i}},"gender":"{{(i % 2 == 0 ? "Male" : "Female")}}","country":"Spain"}"""));
        var produce = await KpipeCli.RunAsync("produce", topic, file, "--bootstrap", broker.BootstrapServers);
        Assert.True(produce.ExitCode == 0, produce.ToString());
        return topic;
    }

    private Task<ProcessResult> RunJobAsync(string topic, params string[] extra) => KpipeCli.RunAsync(
        ["job", "run", "stream-metrics", "--topic", topic, "--bootstrap", broker.BootstrapServers, "--window", "1s", "--format", "json",
            "--output", Path.Combine(_root, "output"), "--until-idle", "2s", .. extra],
        null);

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d–\d\d:\d\d:\d\d\] batch \d+: ([\d,]+) records, ")]
    private static partial Regex Summary();

    // Microsoft's simple console format names the category with the event id in brackets: "Kpipe.X.Y[48949891]".
    [GeneratedRegex(@"[A-Za-z]\[\d+\]")]
    private static partial Regex EventId();
}
