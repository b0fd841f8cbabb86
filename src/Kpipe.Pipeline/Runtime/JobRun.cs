using Confluent.Kafka;
using Kpipe.Pipeline.Consuming;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Kafka;
using Kpipe.Pipeline.Windows;
using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// One run of a job: what the runtime was set up with, and what the run carries from batch to batch (the partitions'
/// positions, the next batch id, the counts). It restores itself from the checkpoint and executes a planned batch
/// through to its commit entry; <see cref="ConsumingLoop"/> decides which batches to plan.
/// </summary>
internal sealed class JobRun
{
    private readonly string _outputRoot;

    public JobRun(IJob job, JobOptions options, ILogger logger, TimeProvider time, IFaultInjector faults, Checkpoint checkpoint, string outputRoot)
    {
        Job = job;
        Options = options;
        Logger = logger;
        Time = time;
        Faults = faults;
        Checkpoint = checkpoint;
        _outputRoot = outputRoot;
        IdleClock = new IdleClock(time, assigned: false);
    }

    public IJob Job { get; }

    public JobOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public IFaultInjector Faults { get; }

    public Checkpoint Checkpoint { get; }

    /// <summary>Where the run also publishes its dead letters, if anywhere.</summary>
    public DeadLetterPublisher? DeadLetters { get; set; }

    /// <summary>Each partition's offset after the last committed batch.</summary>
    public Dictionary<int, long> Positions { get; } = [];

    /// <summary>Who watches the consuming side of the run, if anyone.</summary>
    public IJobObserver? Observer { get; set; }

    public long NextBatchId { get; private set; }

    public IdleClock IdleClock { get; }

    /// <summary>The checkpoint's planned but uncommitted batch, until the first assignment has dealt with it.</summary>
    public BatchPlan? Pending { get; set; }

    public bool Replayed { get; private set; }

    public DateTimeOffset? FirstRecordAt { get; set; }

    public int Batches { get; private set; }

    public long Records { get; private set; }

    /// <summary>Restores the job's state and the positions of the last committed batch, if any.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var committed = Checkpoint.LatestCommitted();
        if (committed is not long batchId)
        {
            (Job as IStatefulJob)?.RestoreState(null);
            return;
        }
        var commit = await Checkpoint.ReadCommitAsync(batchId, cancellationToken);
        (Job as IStatefulJob)?.RestoreState(commit?.JobState);
        var plan = await Checkpoint.ReadPlanAsync(batchId, cancellationToken)
            ?? throw new InvalidDataException($"checkpoint {Checkpoint.Directory} has commits/{batchId} but no offsets/{batchId}; it is damaged — move it away to start over");
        foreach (var (partition, offset) in plan.Positions)
        {
            Positions[partition] = offset;
        }
        NextBatchId = batchId + 1;
    }

    /// <summary>Takes the positions of a batch that has committed, and counts it.</summary>
    public void Completed(BatchPlan plan, int records)
    {
        foreach (var (partition, offset) in plan.Positions)
        {
            Positions[partition] = offset;
        }
        NextBatchId = plan.BatchId + 1;
        Batches++;
        Records += records;
    }

    // The planned batch re-runs over what this instance owns now (PendingBatch). When ranges are dropped, so is every
    // file the first run may have published; with every range kept, the re-run is the same plan and writes the same files.
    public void ResumePending(BatchPlan pending, List<TopicPartition> assigned, Dictionary<int, Offset> committed, CancellationToken cancellationToken)
    {
        var owned = assigned.Select(p => p.Partition.Value).ToHashSet();
        var plan = PendingBatch.Narrow(pending, owned, committed.ToDictionary(c => c.Key, c => c.Value.Value), Positions);
        if (!ReferenceEquals(plan, pending))
        {
            PartFileSinks.DeleteBatch(_outputRoot, Options.InstanceId, pending.BatchId);
            Logger.PendingNarrowed(pending.BatchId, pending.Ranges.Count - (plan?.Ranges.Count ?? 0), pending.Ranges.Count);
            if (plan is null)
            {
                return;
            }
            Checkpoint.WritePlanAsync(plan, cancellationToken).GetAwaiter().GetResult();
        }
        Logger.Replaying(plan.BatchId);
        var replayConsumer = KafkaConfigs.JobReplayConsumer(Options.BootstrapServers, Options.EffectiveGroupId(Job.Name), Job.Name, Options.InstanceId, Options.KafkaSettings);
        var records = new BatchReplayer(replayConsumer).Read(plan, cancellationToken);
        ExecuteAsync(plan, records, cancellationToken).GetAwaiter().GetResult();
        Completed(plan, records.Count);
        Replayed = true;
    }

    /// <summary>Runs the job over a planned batch, publishes its files and writes its commit entry.</summary>
    public async Task ExecuteAsync(BatchPlan plan, IReadOnlyList<ConsumedRecord> records, CancellationToken cancellationToken)
    {
        var batch = new JobBatch(plan.BatchId, plan.Topic, new ProcessingWindow(plan.WindowStart, plan.WindowEnd), records);
        var sinks = new PartFileSinks(_outputRoot, Options.InstanceId, Options.Format, batch, Faults);
        try
        {
            await Job.ProcessBatchAsync(batch, sinks, cancellationToken);
            await sinks.CommitAsync(cancellationToken);
        }
        catch
        {
            sinks.Abort();
            throw;
        }
        Faults.Reached(FaultPoint.AfterOutput, plan.BatchId);
        await Checkpoint.WriteCommitAsync(new BatchCommit(plan.BatchId, (Job as IStatefulJob)?.SaveState()), CancellationToken.None);
        Logger.BatchCommitted(plan.BatchId, batch.Window.DirectoryName, records.Count);
        Faults.Reached(FaultPoint.AfterCommitLog, plan.BatchId);
        DeadLetters?.Publish(sinks.DeadLetters);
    }
}
