using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>An instance that crashed mid-batch while another instance of its group took its partitions over.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "External")]
public sealed class TakeoverTests : IClassFixture<KafkaClusterFixture>
{
    private const int Partitions = 4;
    private static readonly DateTimeOffset Frozen = new(2026, 1, 31, 12, 0, 3, TimeSpan.Zero);
    private readonly KafkaTestCluster _cluster;

    public TakeoverTests(KafkaClusterFixture fixture) => _cluster = fixture.Cluster;

    [Fact]
    public async Task A_planned_batch_whose_partitions_another_instance_processed_is_dropped_with_its_published_files()
    {
        var topic = await _cluster.CreateTopicAsync(Partitions);
        var values = MockUsers.Create(400, distinctUsers: 150).ToList();
        await _cluster.ProduceAsync(topic, Partitions, values);
        using var harness = new JobHarness();

        // Instance a publishes its batch's files, then dies before its commit log: the batch stays planned.
        var crash = harness.Runtime("stream-metrics", Options(harness, topic, "a") with { MaxBatches = 1 }, time: new FakeTimeProvider(Frozen), faults: new ThrowingFaults(FaultPoint.AfterOutput), maxRecordsPerBatch: values.Count);
        await Assert.ThrowsAsync<InjectedCrashException>(() => crash.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        var tables = Path.Combine(harness.Root, "output", "stream-metrics", topic);
        Assert.NotEmpty(Directory.EnumerateFiles(tables, "part-a-*", SearchOption.AllDirectories));

        // Instance b gets every partition and reads them from the group's committed offsets.
        var b = await harness.Runtime("stream-metrics", Options(harness, topic, "b")).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        // Instance a comes back: what it planned has been read by b since, so it re-runs nothing and withdraws its files.
        var a = await harness.Runtime("stream-metrics", Options(harness, topic, "a")).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(values.Count, b.Records);
        Assert.False(a.ReplayedPendingBatch);
        Assert.Equal(0, a.Records);
        Assert.Empty(Directory.EnumerateFiles(tables, "part-a-*", SearchOption.AllDirectories));
        var rows = await JobHarness.ReadTableAsync(Path.Combine(tables, "records"), "json");
        Assert.Equal(values.Count, rows.Select(r => (Convert.ToInt64(r["partition"]), Convert.ToInt64(r["offset"]))).Distinct().Count());
        Assert.Equal(values.Count, rows.Count);
    }

    private JobOptions Options(JobHarness harness, string topic, string instance) =>
        harness.Options(_cluster, topic, "takeover-" + topic, instance, TimeSpan.FromSeconds(3));
}
