using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Runtime;
using Kpipe.Pipeline.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>The runtime executes a batch in the background while it consumes the next; these cases hold it to exactly-once.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "External")]
public sealed class RunningBatchTests : IClassFixture<KafkaClusterFixture>
{
    private const int Partitions = 4;
    private readonly KafkaTestCluster _cluster;

    public RunningBatchTests(KafkaClusterFixture fixture) => _cluster = fixture.Cluster;

    [Fact]
    public async Task A_batch_still_running_when_a_second_instance_joins_commits_before_its_partitions_move()
    {
        var topic = await _cluster.CreateTopicAsync(Partitions);
        var first = MockUsers.Create(400, distinctUsers: 150).ToList();
        var second = MockUsers.Create(400, distinctUsers: 150).ToList();
        await _cluster.ProduceAsync(topic, Partitions, first);
        using var harness = new JobHarness();
        var slow = new SlowJob(harness.Job("stream-metrics", Options(harness, topic, "a")), TimeSpan.FromSeconds(4));
        var a = new JobRuntime(slow, Options(harness, topic, "a"), NullLogger<JobRuntime>.Instance).RunAsync(CancellationToken.None);

        await slow.FirstBatchStarted.WaitAsync(TimeSpan.FromSeconds(60));
        var b = harness.Runtime("stream-metrics", Options(harness, topic, "b")).RunAsync(CancellationToken.None);
        await _cluster.ProduceAsync(topic, Partitions, second);
        var runs = await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(first.Count + second.Count, runs.Sum(r => r.Records));
        var rows = await JobHarness.ReadTableAsync(Path.Combine(harness.Root, "output", "stream-metrics", topic, "records"), "json");
        var positions = rows.Select(r => (Convert.ToInt64(r["partition"]), Convert.ToInt64(r["offset"]))).ToList();
        Assert.Equal(first.Count + second.Count, positions.Count);
        Assert.Equal(positions.Count, positions.Distinct().Count());
        var committed = _cluster.Committed("running-" + topic, topic, Partitions);
        Assert.Equal(first.Count + second.Count, committed.Sum(c => c.Offset.Value));
    }

    [Fact]
    public async Task A_stop_lets_the_running_batch_finish_and_commit()
    {
        var topic = await _cluster.CreateTopicAsync(1);
        var values = MockUsers.Create(50, distinctUsers: 20).ToList();
        await _cluster.ProduceAsync(topic, 1, values);
        using var harness = new JobHarness();
        var options = Options(harness, topic, "a");
        var slow = new SlowJob(harness.Job("stream-metrics", options), TimeSpan.FromSeconds(2));
        using var stop = new CancellationTokenSource();
        var run = new JobRuntime(slow, options, NullLogger<JobRuntime>.Instance).RunAsync(stop.Token);

        await slow.FirstBatchStarted.WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobStopReason.Cancelled, result.StopReason);
        Assert.Equal(1, result.Batches);
        Assert.Equal(values.Count, result.Records);
        var checkpoint = options.EffectiveCheckpointDirectory("stream-metrics");
        Assert.Equal(["0"], Directory.EnumerateFiles(Path.Combine(checkpoint, "offsets")).Select(Path.GetFileName));
        Assert.Equal(["0"], Directory.EnumerateFiles(Path.Combine(checkpoint, "commits")).Select(Path.GetFileName));
        Assert.Equal(values.Count, Assert.Single(_cluster.Committed("running-" + topic, topic, 1)).Offset.Value);
    }

    [Fact]
    public async Task Waiting_for_a_batch_longer_than_the_idle_limit_does_not_end_the_run()
    {
        var topic = await _cluster.CreateTopicAsync(1);
        var first = MockUsers.Create(50, distinctUsers: 20).ToList();
        var second = MockUsers.Create(50, distinctUsers: 20).ToList();
        var third = MockUsers.Create(50, distinctUsers: 20).ToList();
        await _cluster.ProduceAsync(topic, 1, first);
        using var harness = new JobHarness();
        var options = harness.Options(_cluster, topic, "running-" + topic, "a", TimeSpan.FromSeconds(2));
        var slow = new SlowJob(harness.Job("stream-metrics", options), TimeSpan.FromSeconds(8));
        var run = new JobRuntime(slow, options, NullLogger<JobRuntime>.Instance).RunAsync(CancellationToken.None);

        // The second set is read during the next 1 s window (the 2 s idle limit leaves room for a slow produce), whose end
        // then waits for the held first batch; the third arrives during that wait, when the last record read is already
        // more than the idle limit ago.
        await slow.FirstBatchStarted.WaitAsync(TimeSpan.FromSeconds(60));
        await _cluster.ProduceAsync(topic, 1, second);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await _cluster.ProduceAsync(topic, 1, third);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(JobStopReason.Idle, result.StopReason);
        Assert.Equal(first.Count + second.Count + third.Count, result.Records);
        Assert.NotNull(result.FirstRecordAt);
    }

    private JobOptions Options(JobHarness harness, string topic, string instance) =>
        harness.Options(_cluster, topic, "running-" + topic, instance, TimeSpan.FromSeconds(4));

    /// <summary>A job that holds each batch for a while before the real job processes it, so batches overlap consumption.</summary>
    private sealed class SlowJob(IJob inner, TimeSpan hold) : IJob
    {
        private readonly TaskCompletionSource _firstBatchStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => inner.Name;

        public string Alias => inner.Alias;

        public Task FirstBatchStarted => _firstBatchStarted.Task;

        public async Task ProcessBatchAsync(JobBatch batch, IBatchSinks sinks, CancellationToken cancellationToken)
        {
            _firstBatchStarted.TrySetResult();
            await Task.Delay(hold, cancellationToken);
            await inner.ProcessBatchAsync(batch, sinks, cancellationToken);
        }
    }
}
