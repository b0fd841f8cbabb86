using Confluent.Kafka;
using Kpipe.Pipeline.Consuming;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Kafka;
using Kpipe.Pipeline.Windows;
using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// Runs a job over a topic in processing-time micro-batches with exactly-once output: each batch's plan goes to the
/// checkpoint before it runs, its files appear by rename, its commit entry follows, and only then are its offsets
/// committed to the consumer group. A restart re-runs a planned but uncommitted batch over exactly its recorded ranges,
/// less those of partitions that another instance of the group has taken over and read since.
/// A batch executes in the background while the next one is consumed, so the two share the machine's cores.
/// </summary>
public sealed class JobRuntime
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly IJob _job;
    private readonly JobOptions _options;
    private readonly ILogger<JobRuntime> _logger;
    private readonly TimeProvider _time;
    private readonly IFaultInjector _faults;
    private readonly WindowPlanner _planner;
    private readonly Checkpoint _checkpoint;
    private readonly string _outputRoot;

    /// <summary>Creates a runtime for <paramref name="job"/>; <paramref name="faults"/> is the crash-injection seam for tests.</summary>
    public JobRuntime(IJob job, JobOptions options, ILogger<JobRuntime> logger, TimeProvider? time = null, IFaultInjector? faults = null)
    {
        _job = job;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _faults = faults ?? new NoFaults();
        _planner = new WindowPlanner(options.Window);
        _checkpoint = new Checkpoint(options.EffectiveCheckpointDirectory(job.Name));
        _outputRoot = options.JobOutputDirectory(job.Name);
    }

    /// <summary>
    /// Records per batch at most (a window with more is cut into several batches), which bounds memory: one running
    /// batch and one being consumed.
    /// </summary>
    public int MaxRecordsPerBatch { get; init; } = 200_000;

    /// <summary>Runs until cancelled, idle or the batch limit; the consuming loop runs on its own thread.</summary>
    public Task<JobRunResult> RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => RunCoreAsync(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task<JobRunResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        var state = await RestoreAsync(cancellationToken);
        _logger.Starting(_job.Name, _options.Topic, _options.EffectiveGroupId(_job.Name), _checkpoint.Directory, state.NextBatchId);
        using var deadLetters = _options.DeadLetterTopic is null ? null : new DeadLetterPublisher(KafkaConfigs.DeadLetterProducer(_options.BootstrapServers, _options.InstanceId, _options.KafkaSettings), _options.DeadLetterTopic, _options.Topic);
        // A planned but uncommitted batch re-runs once the group has said which partitions are this instance's.
        state.Pending = await _checkpoint.ReadPlanAsync(state.NextBatchId, cancellationToken);
        var reason = await ConsumeAsync(state, deadLetters, cancellationToken);
        _logger.Stopping(reason);
        return new JobRunResult(state.Batches, state.Records, state.Replayed, reason, state.FirstRecordAt);
    }

    private async Task<RunState> RestoreAsync(CancellationToken cancellationToken)
    {
        var state = new RunState(new IdleClock(_time, assigned: false));
        var committed = _checkpoint.LatestCommitted();
        if (committed is not long batchId)
        {
            (_job as IStatefulJob)?.RestoreState(null);
            return state;
        }
        var commit = await _checkpoint.ReadCommitAsync(batchId, cancellationToken);
        (_job as IStatefulJob)?.RestoreState(commit?.JobState);
        var plan = await _checkpoint.ReadPlanAsync(batchId, cancellationToken)
            ?? throw new InvalidDataException($"checkpoint {_checkpoint.Directory} has commits/{batchId} but no offsets/{batchId}; it is damaged — move it away to start over");
        foreach (var (partition, offset) in plan.Positions)
        {
            state.Positions[partition] = offset;
        }
        state.NextBatchId = batchId + 1;
        return state;
    }

    // One batch runs while the next one is consumed: the consuming thread plans batch N+1 only after batch N has
    // committed, so the checkpoint never holds more than one planned but uncommitted batch, as a restart expects.
    private async Task<JobStopReason> ConsumeAsync(RunState state, DeadLetterPublisher? deadLetters, CancellationToken cancellationToken)
    {
        var buffer = new List<ConsumedRecord>();
        var catchUp = new List<TopicPartitionOffset>();
        var running = new RunningBatch();
        var bytes = new RecordBuffers();
        using var consumer = new ConsumerBuilder<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?>(KafkaConfigs.JobConsumer(_options.BootstrapServers, _options.EffectiveGroupId(_job.Name), _job.Name, _options.InstanceId, _options.KafkaSettings))
            .SetKeyDeserializer(bytes)
            .SetValueDeserializer(bytes)
            .SetPartitionsAssignedHandler((c, partitions) => StartPositions(c, partitions, state, catchUp, deadLetters, cancellationToken))
            .SetPartitionsRevokedHandler((c, partitions) => Revoke(c, bytes, running, state, buffer, partitions))
            .SetPartitionsLostHandler((c, partitions) => Revoke(c, bytes, running, state, buffer, partitions))
            .Build();
        try
        {
            var reason = await ConsumeLoopAsync(consumer, bytes, running, buffer, catchUp, state, deadLetters, cancellationToken);
            await FinishAsync(consumer, bytes, running, state);
            return reason;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The running batch was started without the token: it completes and is committed before the stop.
            await FinishAsync(consumer, bytes, running, state);
            return JobStopReason.Cancelled;
        }
        catch
        {
            await SettleFailedAsync(consumer, bytes, running, state);
            throw;
        }
        finally
        {
            consumer.Close();
        }
    }

    private async Task<JobStopReason> ConsumeLoopAsync(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, RecordBuffers bytes, RunningBatch running, List<ConsumedRecord> buffer, List<TopicPartitionOffset> catchUp, RunState state, DeadLetterPublisher? deadLetters, CancellationToken cancellationToken)
    {
        consumer.Subscribe(_options.Topic);
        var window = _planner.WindowAt(_time.GetUtcNow());
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return JobStopReason.Cancelled;
            }
            // A batch counts from its start: the last one may still be running, and returning lets it finish.
            if (_options.MaxBatches is int max && state.Batches + (running.HasBatch ? 1 : 0) >= max)
            {
                return JobStopReason.MaxBatches;
            }
            if (running.IsCompleted)
            {
                await FinishAsync(consumer, bytes, running, state);
            }
            var now = _time.GetUtcNow();
            var idle = _options.UntilIdle is TimeSpan limit && state.IdleClock.IsIdle(limit);
            if (now >= window.End || idle || buffer.Count >= MaxRecordsPerBatch)
            {
                if (buffer.Count > 0)
                {
                    await FinishAsync(consumer, bytes, running, state);
                    // Time spent waiting for the last batch is not time without records: --until-idle starts over.
                    state.IdleClock.Resumed();
                    await StartLiveBatchAsync(running, bytes, window, buffer, state, deadLetters, cancellationToken);
                    buffer.Clear();
                    continue;
                }
                if (idle)
                {
                    return JobStopReason.Idle;
                }
                if (now >= window.End)
                {
                    window = _planner.Next(window, now);
                }
            }
            var result = Consume(consumer, Min(window.End - now, PollInterval));
            CommitCatchUp(consumer, catchUp);
            if (result is null)
            {
                continue;
            }
            var message = result.Message;
            buffer.Add(new ConsumedRecord(result.Partition.Value, result.Offset.Value, message.Timestamp.UtcDateTime, message.Key, message.Value ?? ReadOnlyMemory<byte>.Empty));
            state.IdleClock.Record();
            state.FirstRecordAt ??= _time.GetUtcNow();
        }
    }

    private ConsumeResult<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?>? Consume(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            _logger.ConsumeError(e.Error.Reason);
            return null;
        }
    }

    // Plans the batch on the consuming thread, then runs it in the background over its own copy of the records; their
    // memory goes back to the buffers once the batch has committed.
    private async Task StartLiveBatchAsync(RunningBatch running, RecordBuffers bytes, ProcessingWindow window, List<ConsumedRecord> buffer, RunState state, DeadLetterPublisher? deadLetters, CancellationToken cancellationToken)
    {
        buffer.Sort(ConsumedRecord.ByPartitionThenOffset);
        var ranges = RangesOf(buffer);
        var positions = new SortedDictionary<int, long>(state.Positions);
        foreach (var range in ranges)
        {
            positions[range.Partition] = range.UntilOffset;
        }
        var plan = new BatchPlan(state.NextBatchId, _options.Topic, window.Start, window.End, ranges, positions);
        await _checkpoint.WritePlanAsync(plan, cancellationToken);
        _faults.Reached(FaultPoint.AfterPlan, plan.BatchId);
        var records = bytes.Seal(buffer);
        // A stop lets the planned batch finish and commit, as Spark's graceful stop does: a stopped instance leaves no
        // planned batch behind for a restart to re-run while another instance of the group may own its partitions.
        running.Start(plan, records, Task.Run(() => ExecuteAsync(plan, records.Records, deadLetters, CancellationToken.None), CancellationToken.None));
    }

    // The buffer is sorted by partition, then offset: each partition's run of records is one range.
    private static OffsetRange[] RangesOf(List<ConsumedRecord> sorted)
    {
        var ranges = new List<OffsetRange>();
        var first = 0;
        for (var i = 1; i <= sorted.Count; i++)
        {
            if (i == sorted.Count || sorted[i].Partition != sorted[first].Partition)
            {
                ranges.Add(new OffsetRange(sorted[first].Partition, sorted[first].Offset, sorted[i - 1].Offset + 1));
                first = i;
            }
        }
        return [.. ranges];
    }

    // Waits for the running batch, if any, then records it as done and commits its offsets to the group.
    private async Task FinishAsync(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, RecordBuffers bytes, RunningBatch running, RunState state)
    {
        if (running.Take() is not { } batch)
        {
            return;
        }
        await batch.Execution;
        bytes.Release(batch.Records);
        state.Completed(batch.Plan, batch.Records.Records.Count);
        try
        {
            consumer.Commit(batch.Plan.Ranges.Select(r => new TopicPartitionOffset(_options.Topic, new Partition(r.Partition), new Offset(r.UntilOffset))));
        }
        catch (KafkaException e)
        {
            _logger.OffsetCommitFailed(batch.Plan.BatchId, e.Error.Reason);
        }
    }

    // Failing already: the running batch is waited for so that nothing writes after the run ends, and the first failure
    // is the one reported.
    private async Task SettleFailedAsync(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, RecordBuffers bytes, RunningBatch running, RunState state)
    {
        try
        {
            await FinishAsync(consumer, bytes, running, state);
        }
        catch (Exception e)
        {
            _logger.BatchAbandoned(e.Message);
        }
    }

    private async Task ExecuteAsync(BatchPlan plan, IReadOnlyList<ConsumedRecord> records, DeadLetterPublisher? deadLetters, CancellationToken cancellationToken)
    {
        var batch = new JobBatch(plan.BatchId, plan.Topic, new ProcessingWindow(plan.WindowStart, plan.WindowEnd), records);
        var sinks = new PartFileSinks(_outputRoot, _options.InstanceId, _options.Format, batch, _faults);
        try
        {
            await _job.ProcessBatchAsync(batch, sinks, cancellationToken);
            await sinks.CommitAsync(cancellationToken);
        }
        catch
        {
            sinks.Abort();
            throw;
        }
        _faults.Reached(FaultPoint.AfterOutput, plan.BatchId);
        await _checkpoint.WriteCommitAsync(new BatchCommit(plan.BatchId, (_job as IStatefulJob)?.SaveState()), CancellationToken.None);
        _logger.BatchCommitted(plan.BatchId, batch.Window.DirectoryName, records.Count);
        _faults.Reached(FaultPoint.AfterCommitLog, plan.BatchId);
        deadLetters?.Publish(sinks.DeadLetters);
    }

    // The checkpoint is the source of truth: resume each partition at the later of the group's committed offset and
    // the checkpoint's position, and bring the group up to the checkpoint where it lags (a crash before the commit).
    private List<TopicPartitionOffset> StartPositions(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, List<TopicPartition> partitions, RunState state, List<TopicPartitionOffset> catchUp, DeadLetterPublisher? deadLetters, CancellationToken cancellationToken)
    {
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(30)).ToDictionary(c => c.Partition.Value, c => c.Offset);
        if (state.Pending is { } pending)
        {
            state.Pending = null;
            ResumePending(pending, partitions, committed, state, deadLetters, cancellationToken);
        }
        var start = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var partition in partitions)
        {
            var group = committed.GetValueOrDefault(partition.Partition.Value, Offset.Unset);
            if (state.Positions.TryGetValue(partition.Partition.Value, out var position) && (group == Offset.Unset || group.Value < position))
            {
                catchUp.Add(new TopicPartitionOffset(partition, new Offset(position)));
                start.Add(new TopicPartitionOffset(partition, new Offset(position)));
            }
            else
            {
                start.Add(new TopicPartitionOffset(partition, group));
            }
        }
        state.IdleClock.Assigned();
        return start;
    }

    // The planned batch re-runs over what this instance owns now (PendingBatch). When ranges are dropped, so is every
    // file the first run may have published; with every range kept, the re-run is the same plan and writes the same files.
    private void ResumePending(BatchPlan pending, List<TopicPartition> assigned, Dictionary<int, Offset> committed, RunState state, DeadLetterPublisher? deadLetters, CancellationToken cancellationToken)
    {
        var owned = assigned.Select(p => p.Partition.Value).ToHashSet();
        var plan = PendingBatch.Narrow(pending, owned, committed.ToDictionary(c => c.Key, c => c.Value.Value), state.Positions);
        if (!ReferenceEquals(plan, pending))
        {
            PartFileSinks.DeleteBatch(_outputRoot, _options.InstanceId, pending.BatchId);
            _logger.PendingNarrowed(pending.BatchId, pending.Ranges.Count - (plan?.Ranges.Count ?? 0), pending.Ranges.Count);
            if (plan is null)
            {
                return;
            }
            _checkpoint.WritePlanAsync(plan, cancellationToken).GetAwaiter().GetResult();
        }
        _logger.Replaying(plan.BatchId);
        var records = new BatchReplayer(KafkaConfigs.JobReplayConsumer(_options.BootstrapServers, _options.EffectiveGroupId(_job.Name), _job.Name, _options.InstanceId, _options.KafkaSettings)).Read(plan, cancellationToken);
        ExecuteAsync(plan, records, deadLetters, cancellationToken).GetAwaiter().GetResult();
        state.Completed(plan, records.Count);
        state.Replayed = true;
    }

    private void CommitCatchUp(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, List<TopicPartitionOffset> catchUp)
    {
        if (catchUp.Count == 0)
        {
            return;
        }
        var offsets = catchUp.ToArray();
        catchUp.Clear();
        var assigned = consumer.Assignment.ToHashSet();
        try
        {
            consumer.Commit(offsets.Where(o => assigned.Contains(o.TopicPartition)));
        }
        catch (KafkaException e)
        {
            _logger.OffsetCommitFailed(-1, e.Error.Reason);
        }
    }

    // The running batch commits while this instance still owns its partitions. Buffered records of a partition it loses
    // were never planned: the next owner reads them from the committed offset.
    private void Revoke(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, RecordBuffers bytes, RunningBatch running, RunState state, List<ConsumedRecord> buffer, List<TopicPartitionOffset> partitions)
    {
        FinishAsync(consumer, bytes, running, state).GetAwaiter().GetResult();
        var revoked = partitions.Select(p => p.Partition.Value).ToHashSet();
        var dropped = buffer.RemoveAll(r => revoked.Contains(r.Partition));
        _logger.Revoked(string.Join(",", revoked.Order()), dropped);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class RunState(IdleClock idleClock)
    {
        public Dictionary<int, long> Positions { get; } = [];

        public long NextBatchId { get; set; }

        public IdleClock IdleClock { get; } = idleClock;

        /// <summary>The checkpoint's planned but uncommitted batch, until the first assignment has dealt with it.</summary>
        public BatchPlan? Pending { get; set; }

        public bool Replayed { get; set; }

        public DateTimeOffset? FirstRecordAt { get; set; }

        public int Batches { get; private set; }

        public long Records { get; private set; }

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
    }
}
