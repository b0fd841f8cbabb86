using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Runtime;
using Kpipe.Pipeline.Sinks;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Integration")]
[Trait("Category", "External")]
public sealed class ExactlyOnceTests : IClassFixture<KafkaClusterFixture>
{
    private const int Partitions = 2;
    private const int RecordCount = 300;
    private static readonly DateTimeOffset Frozen = new(2026, 1, 31, 12, 0, 3, TimeSpan.Zero);
    private readonly KafkaTestCluster _cluster;

    public ExactlyOnceTests(KafkaClusterFixture fixture) => _cluster = fixture.Cluster;

    [Theory]
    [InlineData(FaultPoint.AfterPlan)]
    [InlineData(FaultPoint.MidOutput)]
    [InlineData(FaultPoint.AfterOutput)]
    [InlineData(FaultPoint.AfterCommitLog)]
    public async Task Crash_then_restart_yields_the_files_of_a_crash_free_run(FaultPoint point)
    {
        var topic = await _cluster.CreateTopicAsync(Partitions);
        var records = MockUsers.Create(RecordCount, distinctUsers: 120).ToList();
        records.Insert(10, "not json at all");
        await _cluster.ProduceAsync(topic, Partitions, records);
        using var clean = new JobHarness();
        using var crashed = new JobHarness();

        var cleanResult = await clean.Runtime("stream-metrics", Options(topic, clean.Root, "clean"), time: new FakeTimeProvider(Frozen), maxRecordsPerBatch: records.Count)
            .RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, cleanResult.Batches);

        var faults = new ThrowingFaults(point);
        await Assert.ThrowsAsync<InjectedCrashException>(() =>
            crashed.Runtime("stream-metrics", Options(topic, crashed.Root, "crashed"), time: new FakeTimeProvider(Frozen), faults: faults, maxRecordsPerBatch: records.Count)
                .RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(Directory.EnumerateFiles(crashed.Root, ".*.tmp", SearchOption.AllDirectories));

        var restart = await crashed.Runtime("stream-metrics", Options(topic, crashed.Root, "crashed") with { UntilIdle = TimeSpan.FromSeconds(2), MaxBatches = null })
            .RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        var replays = point != FaultPoint.AfterCommitLog;
        Assert.Equal(replays, restart.ReplayedPendingBatch);
        Assert.Equal(replays ? records.Count : 0, restart.Records);
        var expected = JobHarness.Snapshot(Path.Combine(clean.Root, "output"));
        var actual = JobHarness.Snapshot(Path.Combine(crashed.Root, "output"));
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (path, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs from the crash-free run");
        }
        var committed = _cluster.Committed("crashed-" + topic, topic, Partitions);
        Assert.Equal(records.Count, committed.Sum(c => c.Offset.Value));
    }

    [Fact]
    public async Task Restart_after_a_clean_run_processes_nothing_again()
    {
        var topic = await _cluster.CreateTopicAsync(Partitions);
        await _cluster.ProduceAsync(topic, Partitions, MockUsers.Create(50));
        using var harness = new JobHarness();
        var options = Options(topic, harness.Root, "again") with { UntilIdle = TimeSpan.FromSeconds(2) };

        var first = await harness.Runtime("stream-raw", options).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        var files = JobHarness.Snapshot(harness.Root);
        var second = await harness.Runtime("stream-raw", options).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(50, first.Records);
        Assert.Equal(0, second.Records);
        Assert.Equal(JobStopReason.Idle, second.StopReason);
        Assert.Equal(files.Keys, JobHarness.Snapshot(harness.Root).Keys);
    }

    private JobOptions Options(string topic, string root, string group) => new()
    {
        Topic = topic,
        BootstrapServers = _cluster.BootstrapServers,
        Window = TimeSpan.FromSeconds(10),
        Format = OutputFormat.Parquet,
        OutputDirectory = Path.Combine(root, "output"),
        CheckpointDirectory = Path.Combine(root, "checkpoint"),
        GroupId = group + "-" + topic,
        InstanceId = "i0",
        MaxBatches = 1,
    };
}
