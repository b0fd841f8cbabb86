using System.Runtime.CompilerServices;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Producers;

/// <summary>
/// Idempotent-producer checks around a partition append (Kafka's <c>ProducerAppendInfo</c>): the produce handler calls
/// <see cref="Append"/> instead of <see cref="IPartitionLog.Append"/>. Batches with a producer id are checked, appended and
/// recorded under the partition's lock, so a retried batch is written once and never out of order. State lives per log
/// instance and is rebuilt from the log's recent batches (those within the producer id expiration) on first use, so it
/// survives a restart.
/// </summary>
public sealed partial class ProducerStateManager(ProducerStateOptions options, TimeProvider time, ILogger<ProducerStateManager> logger)
{
    private readonly ConditionalWeakTable<IPartitionLog, PartitionProducerState> _partitions = [];

    /// <summary>
    /// Appends <paramref name="batch"/> to <paramref name="log"/> after the checks of an idempotent producer, in Kafka's order:
    /// a duplicate of one of the last five batches answers NONE with the original base offset and is not written; an older
    /// epoch is INVALID_PRODUCER_EPOCH; a sequence that does not follow is OUT_OF_ORDER_SEQUENCE_NUMBER. Batches without a
    /// producer id go straight to the log. A transactional batch is first put to <paramref name="transactionCheck"/> (is its
    /// partition in the producer's open transaction?) under the partition's lock, so no marker can slip in between, and
    /// then opens the producer's transaction on this partition.
    /// </summary>
    public AppendResult Append(IPartitionLog log, ReadOnlySpan<byte> batch, Func<RecordBatchHeader, AppendResult?>? transactionCheck = null)
    {
        if (!RecordBatchHeader.TryRead(batch, out var info) || info.ProducerId < 0)
        {
            return log.Append(batch);
        }

        var state = _partitions.GetValue(log, _ => new PartitionProducerState());
        lock (state.Sync)
        {
            var now = time.GetUtcNow();
            if (!state.Loaded)
            {
                Rebuild(log, state, now);
            }

            if (info.IsTransactional)
            {
                var refusedTxn = transactionCheck is null
                    ? new AppendResult(ErrorCode.InvalidTxnState, -1, -1, "a transactional batch needs a transactional id")
                    : transactionCheck(info);
                if (refusedTxn is { } refused)
                {
                    return refused;
                }

                LoadTransactions(log, state);
            }

            ExpireIfDue(state, now);
            var lastSequence = LastSequence(info);
            if (state.Producers.TryGetValue(info.ProducerId, out var entry))
            {
                if (info.ProducerEpoch == entry.Epoch && entry.TryFindDuplicate(info.BaseSequence, lastSequence, out var duplicate))
                {
                    return new AppendResult(ErrorCode.None, duplicate.BaseOffset, duplicate.LogAppendTimeMs);
                }

                var error = CheckSequence(entry, info);
                if (error is { } refused)
                {
                    return refused;
                }
            }

            var result = log.Append(batch);
            if (result.Error == ErrorCode.None)
            {
                if (entry is null)
                {
                    entry = new ProducerEntry(info.ProducerEpoch);
                    state.Producers[info.ProducerId] = entry;
                }

                entry.Record(info.ProducerEpoch, new CachedBatch(info.BaseSequence, lastSequence, result.BaseOffset, result.LogAppendTimeMs), now);
                if (info.IsTransactional)
                {
                    state.OpenTransactions.TryAdd(info.ProducerId, result.BaseOffset);
                }
            }

            return result;
        }
    }

    /// <summary>The sequence of a batch's last record; sequences wrap from Int32.MaxValue to 0.</summary>
    private static int LastSequence(RecordBatchHeader header) =>
        (int)((header.BaseSequence + (long)header.LastOffsetDelta) % ((long)int.MaxValue + 1));

    private static AppendResult? CheckSequence(ProducerEntry entry, RecordBatchHeader info)
    {
        if (info.ProducerEpoch < entry.Epoch)
        {
            return new AppendResult(ErrorCode.InvalidProducerEpoch, -1, -1,
                $"producer {info.ProducerId} epoch {info.ProducerEpoch} is older than the current epoch {entry.Epoch}");
        }

        if (info.ProducerEpoch > entry.Epoch)
        {
            return info.BaseSequence == 0
                ? null
                : new AppendResult(ErrorCode.OutOfOrderSequenceNumber, -1, -1,
                    $"producer {info.ProducerId} started epoch {info.ProducerEpoch} at sequence {info.BaseSequence}, expected 0");
        }

        var expected = entry.LastSequence == int.MaxValue ? 0 : entry.LastSequence + 1;
        return info.BaseSequence == expected
            ? null
            : new AppendResult(ErrorCode.OutOfOrderSequenceNumber, -1, -1,
                $"producer {info.ProducerId} sent sequence {info.BaseSequence}, expected {expected}");
    }

    private void ExpireIfDue(PartitionProducerState state, DateTimeOffset now)
    {
        if (now < state.NextExpiryCheck)
        {
            return;
        }

        state.NextExpiryCheck = now + options.ExpiryCheckInterval;
        foreach (var (producerId, entry) in state.Producers)
        {
            if (now - entry.LastSeen >= options.ProducerIdExpiration)
            {
                state.Producers.Remove(producerId);
            }
        }
    }

    /// <summary>Replays the producer fields of the batches written within the expiration window (found by timestamp).</summary>
    private void Rebuild(IPartitionLog log, PartitionProducerState state, DateTimeOffset now)
    {
        state.Loaded = true;
        var from = log.LookupOffset((now - options.ProducerIdExpiration).ToUnixTimeMilliseconds());
        if (from.Error != ErrorCode.None || from.Offset < 0)
        {
            return;
        }

        var offset = Math.Max(from.Offset, log.LogStartOffset);
        var batches = 0;
        while (offset < log.LogEndOffset)
        {
            var read = log.Read(offset, options.RebuildReadBytes, minOneBatch: true);
            if (read.Error != ErrorCode.None || read.Records.IsEmpty)
            {
                break;
            }

            var bytes = read.Records.Span;
            var next = offset;
            while (RecordBatchHeader.TryRead(bytes, out var info) && info.TotalSize >= RecordBatchHeader.Size && info.TotalSize <= bytes.Length)
            {
                if (info.ProducerId >= 0 && info.IsControl)
                {
                    if (state.Producers.TryGetValue(info.ProducerId, out var fenced))
                    {
                        fenced.BumpEpoch(info.ProducerEpoch, now);
                    }
                }
                else if (info.ProducerId >= 0)
                {
                    if (!state.Producers.TryGetValue(info.ProducerId, out var entry))
                    {
                        entry = new ProducerEntry(info.ProducerEpoch);
                        state.Producers[info.ProducerId] = entry;
                    }

                    var appendTime = info.IsLogAppendTime ? info.MaxTimestamp : -1;
                    entry.Record(info.ProducerEpoch, new CachedBatch(info.BaseSequence, LastSequence(info), info.BaseOffset, appendTime), now);
                    batches++;
                }

                next = info.BaseOffset + info.LastOffsetDelta + 1;
                bytes = bytes[info.TotalSize..];
            }

            if (next <= offset)
            {
                break;
            }

            offset = next;
        }

        if (batches > 0)
        {
            StateRebuilt(batches, state.Producers.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt idempotent producer state from {Batches} batches of {Producers} producers")]
    private partial void StateRebuilt(int batches, int producers);
}
