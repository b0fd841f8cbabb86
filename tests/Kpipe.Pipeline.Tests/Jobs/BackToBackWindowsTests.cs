using System.Collections.Concurrent;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Runtime;
using Kpipe.Pipeline.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>While a batch runs, the consumer keeps reading: a window that ends meanwhile waits sealed, not the reading.</summary>
[Trait("Category", TestCategories.Integration)]
public sealed class BackToBackWindowsTests : IClassFixture<KafkaClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly KafkaTestCluster _cluster;

    public BackToBackWindowsTests(KafkaClusterFixture fixture) => _cluster = fixture.Cluster;

    [Fact]
    public async Task Records_arriving_after_a_window_closed_behind_the_running_batch_are_read_before_that_batch_ends()
    {
        var topic = await _cluster.CreateTopicAsync(1);
        var sets = Enumerable.Range(0, 3).Select(_ => MockUsers.Create(50, distinctUsers: 20).ToList()).ToArray();
        await _cluster.ProduceAsync(topic, 1, sets[0]);
        using var harness = new JobHarness();
        // Windows of 2 s leave the consuming loop time to report a read before its window ends; the idle limit outlasts
        // two of them, so the run only stops once the test is done.
        var options = harness.Options(_cluster, topic, "back-to-back-" + topic, "a", TimeSpan.FromSeconds(5)) with { Window = TimeSpan.FromSeconds(2) };
        var held = new FirstBatchHeldJob(harness.Job("stream-metrics", options));
        var progress = new ProgressLog();
        var run = new JobRuntime(held, options, NullLogger<JobRuntime>.Instance) { Observer = progress }.RunAsync(CancellationToken.None);
        DateTimeOffset released;
        try
        {
            await held.FirstBatchStarted.WaitAsync(TimeSpan.FromSeconds(60));
            await _cluster.ProduceAsync(topic, 1, sets[1]);
            var produced = DateTimeOffset.UtcNow;
            // The second set's window ends while the first batch is held: the consumer must go on to the windows after it.
            await Poll.UntilAsync(() => progress.Any(p => p.Lag.Any(l => l.Position >= 100) && p.WindowStart >= produced + options.Window), Patience, "consuming a window after the second set's");
            await _cluster.ProduceAsync(topic, 1, sets[2]);
            await Poll.UntilAsync(() => progress.Any(p => p.Lag.Any(l => l.Position >= 150)), Patience, "reading the third set");
        }
        finally
        {
            released = DateTimeOffset.UtcNow;
            held.Release();
        }
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(150, result.Records);
        var checkpoint = new Checkpoint(options.EffectiveCheckpointDirectory("stream-metrics"));
        var plans = new List<BatchPlan>();
        for (var id = 0L; id <= checkpoint.LatestCommitted(); id++)
        {
            plans.Add(await checkpoint.ReadPlanAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"no plan for batch {id}"));
        }
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (long)i), plans.SelectMany(p => p.Ranges).SelectMany(r => Offsets(r)).Order());
        Assert.All(plans.Zip(plans.Skip(1)), pair => Assert.True(pair.First.WindowEnd <= pair.Second.WindowStart, $"batch {pair.Second.BatchId}'s window starts before batch {pair.First.BatchId}'s ends"));
        var thirds = Assert.Single(plans, p => p.Ranges.Any(r => r.FromOffset <= 149 && 149 < r.UntilOffset));
        Assert.True(thirds.WindowStart < released, $"the third set's window starts at {thirds.WindowStart:O}, after the first batch was released at {released:O}");
    }

    private static IEnumerable<long> Offsets(OffsetRange range)
    {
        for (var offset = range.FromOffset; offset < range.UntilOffset; offset++)
        {
            yield return offset;
        }
    }

    /// <summary>Every progress report of the consuming loop, kept for the test to look through.</summary>
    private sealed class ProgressLog : IJobObserver
    {
        private readonly ConcurrentQueue<ConsumingProgress> _reports = new();

        public void Consuming(ConsumingProgress progress) => _reports.Enqueue(progress);

        public void WindowCompleted(WindowSnapshot window)
        {
        }

        public bool Any(Func<ConsumingProgress, bool> predicate) => _reports.Any(predicate);
    }

    /// <summary>A job whose first batch waits until the test releases it, then runs the real job.</summary>
    private sealed class FirstBatchHeldJob(IJob inner) : IJob
    {
        private readonly TaskCompletionSource _firstBatchStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => inner.Name;

        public string Alias => inner.Alias;

        public Task FirstBatchStarted => _firstBatchStarted.Task;

        public void Release() => _release.TrySetResult();

        public async Task ProcessBatchAsync(JobBatch batch, IBatchSinks sinks, CancellationToken cancellationToken)
        {
            if (_firstBatchStarted.TrySetResult())
            {
                await _release.Task.WaitAsync(cancellationToken);
            }
            await inner.ProcessBatchAsync(batch, sinks, cancellationToken);
        }
    }
}
