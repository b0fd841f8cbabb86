using Confluent.Kafka;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Kafka;
using Kpipe.Pipeline.Windows;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// The consuming side of a <see cref="JobRun"/>: one group consumer buffers records until a window ends, the batch is
/// full or the topic goes idle, then plans the batch and starts it in the background while it consumes the next.
/// A batch that closes while the one before it still runs waits, sealed, for that one to commit, and the consumer reads
/// on, so that a backlog is read in windows back to back. Rebalances settle the running and the closed batch first; a
/// pending batch from the checkpoint re-runs on the first assignment.
/// </summary>
internal sealed class ConsumingLoop
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private const int BurstRecords = 256;
    private readonly JobRun _run;
    private readonly WindowPlanner _planner;
    private readonly int _maxRecordsPerBatch;
    private readonly CancellationToken _cancellationToken;
    private readonly List<ConsumedRecord> _buffer = [];
    private readonly List<ConsumedRecord> _ordered = [];
    private readonly List<TopicPartitionOffset> _catchUp = [];
    private readonly RunningBatch _running = new();
    private readonly RecordBuffers _bytes = new();
    private ClosedBatch? _closed;
    private readonly ConsumingProgressReporter _progress;

    public ConsumingLoop(JobRun run, WindowPlanner planner, int maxRecordsPerBatch, CancellationToken cancellationToken)
    {
        _run = run;
        _planner = planner;
        _maxRecordsPerBatch = maxRecordsPerBatch;
        _cancellationToken = cancellationToken;
        _progress = new ConsumingProgressReporter(run.Observer, run.Time);
    }

    // One batch runs while the next one is consumed: the consuming thread plans batch N+1 only after batch N has
    // committed, so the checkpoint never holds more than one planned but uncommitted batch, as a restart expects.
    // A window that ends while batch N runs is closed (sealed, not planned) and the consumer reads the next window
    // instead of waiting for batch N; the closed and the filling batch together hold at most a batch of records.
    public async Task<JobStopReason> RunAsync()
    {
        var options = _run.Options;
        var config = KafkaConfigs.JobConsumer(options.BootstrapServers, options.EffectiveGroupId(_run.Job.Name), _run.Job.Name, options.InstanceId, options.KafkaSettings);
        using var consumer = new ConsumerBuilder<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?>(config)
            .SetKeyDeserializer(_bytes)
            .SetValueDeserializer(_bytes)
            .SetPartitionsAssignedHandler((c, partitions) => StartPositions(c, partitions))
            .SetPartitionsRevokedHandler((c, partitions) => Revoke(c, partitions))
            .SetPartitionsLostHandler((c, partitions) => Revoke(c, partitions))
            .Build();
        try
        {
            var reason = await LoopAsync(consumer);
            await FinishAsync(consumer);
            return reason;
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            // The running batch was started without the token: it completes and is committed before the stop.
            await FinishAsync(consumer);
            return JobStopReason.Cancelled;
        }
        catch
        {
            await SettleFailedAsync(consumer);
            throw;
        }
        finally
        {
            consumer.Close();
        }
    }

    private async Task<JobStopReason> LoopAsync(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer)
    {
        consumer.Subscribe(_run.Options.Topic);
        var window = _planner.WindowAt(_run.Time.GetUtcNow());
        while (true)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                return JobStopReason.Cancelled;
            }
            // A batch counts from its start: the last one may still be running, and returning lets it finish.
            if (_run.Options.MaxBatches is int max && _run.Batches + (_running.HasBatch ? 1 : 0) >= max)
            {
                return JobStopReason.MaxBatches;
            }
            if (_running.IsCompleted)
            {
                await FinishAsync(consumer);
            }
            if (_closed is not null && !_running.HasBatch)
            {
                StartClosed();
                continue;
            }
            var now = _run.Time.GetUtcNow();
            var idle = _run.Options.UntilIdle is TimeSpan limit && _run.IdleClock.IsIdle(limit);
            var full = _buffer.Count + (_closed?.Records.Records.Count ?? 0) >= _maxRecordsPerBatch;
            if (now >= window.End || idle || full)
            {
                if (_closed is not null && (full || idle || _buffer.Count > 0))
                {
                    // A second batch to close, or no room for more records: the running batch must commit first.
                    await FinishAsync(consumer);
                    // Time spent waiting for the last batch is not time without records: --until-idle starts over.
                    _run.IdleClock.Resumed();
                    StartClosed();
                    continue;
                }
                if (_buffer.Count > 0)
                {
                    Close(window);
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
            CommitCatchUp(consumer);
            _progress.Report(consumer, window, _buffer.Count);
            if (result is null)
            {
                continue;
            }
            Add(result);
            ReadBurst(consumer);
            _run.IdleClock.Record();
        }
    }

    // Records the client has fetched already are taken in a burst without looking at the clock, which is read once per
    // burst instead of several times per record: a window may take in the records of a burst that its end falls in,
    // as it already takes those consumed while its end is being checked.
    private void ReadBurst(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer)
    {
        var room = Math.Min(BurstRecords, _maxRecordsPerBatch - _buffer.Count - (_closed?.Records.Records.Count ?? 0));
        for (var i = 0; i < room; i++)
        {
            if (Consume(consumer, TimeSpan.Zero) is not { } result)
            {
                return;
            }
            Add(result);
        }
    }

    private void Add(ConsumeResult<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> result)
    {
        var message = result.Message;
        _buffer.Add(new ConsumedRecord(result.Partition.Value, result.Offset.Value, message.Timestamp.UtcDateTime, message.Key, message.Value ?? ReadOnlyMemory<byte>.Empty));
        if (_run.FirstRecordAt is null)
        {
            _run.FirstRecordAt = _run.Time.GetUtcNow();
            _run.Logger.FirstRecord(result.Partition.Value, result.Offset.Value);
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
            _run.Logger.ConsumeError(e.Error.Reason);
            return null;
        }
    }

    // Seals the window's records (their own copy, whose memory goes back to the buffers once their batch has committed)
    // for their batch to start as soon as the one before it has committed.
    private void Close(ProcessingWindow window)
    {
        PartitionOrder.Group(_buffer, _ordered);
        _closed = new ClosedBatch(window, RangesOf(_ordered), _bytes.Seal(_ordered));
        _buffer.Clear();
        _ordered.Clear();
    }

    // Plans the closed batch and runs it in the background. The plan is on disk before the batch runs, but the
    // consuming thread reads on while it is written (an fsync that took up to 25 ms on a busy disk).
    private void StartClosed()
    {
        var (window, ranges, records) = _closed!;
        _closed = null;
        var positions = new SortedDictionary<int, long>(_run.Positions);
        foreach (var range in ranges)
        {
            positions[range.Partition] = range.UntilOffset;
        }
        var plan = new BatchPlan(_run.NextBatchId, _run.Options.Topic, window.Start, window.End, ranges, positions);
        _running.Start(plan, records, Task.Run(() => PlanAndExecuteAsync(plan, records.Records), CancellationToken.None));
    }

    private async Task PlanAndExecuteAsync(BatchPlan plan, IReadOnlyList<ConsumedRecord> records)
    {
        await _run.Checkpoint.WritePlanAsync(plan, _cancellationToken);
        _run.Faults.Reached(FaultPoint.AfterPlan, plan.BatchId);
        // A stop lets the planned batch finish and commit, as Spark's graceful stop does: a stopped instance leaves no
        // planned batch behind for a restart to re-run while another instance of the group may own its partitions.
        await _run.ExecuteAsync(plan, records, CancellationToken.None);
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
    private async Task FinishAsync(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer)
    {
        if (_running.Take() is not { } batch)
        {
            return;
        }
        await batch.Execution;
        _bytes.Release(batch.Records);
        _run.Completed(batch.Plan, batch.Records.Records.Count);
        try
        {
            consumer.Commit(batch.Plan.Ranges.Select(r => new TopicPartitionOffset(_run.Options.Topic, new Partition(r.Partition), new Offset(r.UntilOffset))));
        }
        catch (KafkaException e)
        {
            _run.Logger.OffsetCommitFailed(batch.Plan.BatchId, e.Error.Reason);
        }
    }

    // Failing already: the running batch is waited for so that nothing writes after the run ends, and the first failure
    // is the one reported.
    private async Task SettleFailedAsync(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer)
    {
        try
        {
            await FinishAsync(consumer);
        }
        catch (Exception e)
        {
            _run.Logger.BatchAbandoned(e.Message);
        }
    }

    // The checkpoint is the source of truth: resume each partition at the later of the group's committed offset and
    // the checkpoint's position, and bring the group up to the checkpoint where it lags (a crash before the commit).
    private List<TopicPartitionOffset> StartPositions(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, List<TopicPartition> partitions)
    {
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(30)).ToDictionary(c => c.Partition.Value, c => c.Offset);
        if (_run.Pending is { } pending)
        {
            _run.Pending = null;
            _run.ResumePending(pending, partitions, committed, _cancellationToken);
        }
        var start = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var partition in partitions)
        {
            var group = committed.GetValueOrDefault(partition.Partition.Value, Offset.Unset);
            if (_run.Positions.TryGetValue(partition.Partition.Value, out var position) && (group == Offset.Unset || group.Value < position))
            {
                _catchUp.Add(new TopicPartitionOffset(partition, new Offset(position)));
                start.Add(new TopicPartitionOffset(partition, new Offset(position)));
            }
            else
            {
                start.Add(new TopicPartitionOffset(partition, group));
            }
        }
        _run.IdleClock.Assigned();
        return start;
    }

    private void CommitCatchUp(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer)
    {
        if (_catchUp.Count == 0)
        {
            return;
        }
        var offsets = _catchUp.ToArray();
        _catchUp.Clear();
        var assigned = consumer.Assignment.ToHashSet();
        try
        {
            consumer.Commit(offsets.Where(o => assigned.Contains(o.TopicPartition)));
        }
        catch (KafkaException e)
        {
            _run.Logger.OffsetCommitFailed(-1, e.Error.Reason);
        }
    }

    // The running batch, and the closed one after it, commit while this instance still owns their partitions. Buffered
    // records of a partition it loses were never planned: the next owner reads them from the committed offset.
    private void Revoke(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, List<TopicPartitionOffset> partitions)
    {
        FinishAsync(consumer).GetAwaiter().GetResult();
        if (_closed is not null)
        {
            StartClosed();
            FinishAsync(consumer).GetAwaiter().GetResult();
        }
        var revoked = partitions.Select(p => p.Partition.Value).ToHashSet();
        var dropped = _buffer.RemoveAll(r => revoked.Contains(r.Partition));
        _run.Logger.Revoked(string.Join(",", revoked.Order()), dropped);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>A window's records, sealed, waiting for the running batch to commit before they are planned.</summary>
    private sealed record ClosedBatch(ProcessingWindow Window, OffsetRange[] Ranges, SealedRecords Records);
}
