using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Producers;

// The transactional side of a partition (Kafka's producer state and .txnindex): which producers have a transaction open
// here and from which offset, which transactions were aborted, and the markers that end them. The last stable offset is
// the first offset of the earliest open transaction, or the high watermark when none is open. This state is read from
// the whole log the first time a partition needs it (a transactional append, a marker, a read_committed fetch), so it
// survives a restart without a file of its own; a partition never touched by a transaction since the start has no open
// transaction (every one was opened through this process, or is re-read when the coordinator recovers it).
public sealed partial class ProducerStateManager
{
    /// <summary>
    /// Appends the commit or abort marker of <paramref name="producerId"/>'s transaction and closes it on this partition;
    /// a marker of a newer epoch fences the producer's older batches.
    /// </summary>
    public AppendResult AppendMarker(IPartitionLog log, long producerId, short producerEpoch, bool commit, int coordinatorEpoch = 0)
    {
        var state = _partitions.GetValue(log, _ => new PartitionProducerState());
        lock (state.Sync)
        {
            var now = time.GetUtcNow();
            if (!state.Loaded)
            {
                Rebuild(log, state, now);
            }

            LoadTransactions(log, state);
            var result = log.Append(ControlBatch.Marker(producerId, producerEpoch, commit, coordinatorEpoch, now.ToUnixTimeMilliseconds()), brokerControl: true);
            if (result.Error != ErrorCode.None)
            {
                return result;
            }

            if (state.Producers.TryGetValue(producerId, out var entry))
            {
                entry.BumpEpoch(producerEpoch, now);
            }
            else
            {
                state.Producers[producerId] = new ProducerEntry(producerEpoch);
            }

            Close(state, producerId, commit, result.BaseOffset);
            return result;
        }
    }

    /// <summary>Reads the open and aborted transactions of <paramref name="log"/> now, if that was not done yet (used when a coordinator recovers).</summary>
    public void EnsureTransactionsLoaded(IPartitionLog log)
    {
        var state = _partitions.GetValue(log, _ => new PartitionProducerState());
        lock (state.Sync)
        {
            LoadTransactions(log, state);
        }
    }

    /// <summary>Kafka's last stable offset: the first offset of the earliest open transaction, or the high watermark.</summary>
    public long LastStableOffset(IPartitionLog log)
    {
        var highWatermark = log.LogEndOffset;
        if (!_partitions.TryGetValue(log, out var state))
        {
            return highWatermark;
        }

        lock (state.Sync)
        {
            var stable = highWatermark;
            foreach (var first in state.OpenTransactions.Values)
            {
                stable = Math.Min(stable, first);
            }

            return stable;
        }
    }

    /// <summary>
    /// The aborted transactions a read_committed consumer reading [<paramref name="fromOffset"/>, <paramref name="toOffset"/>)
    /// must know of: those whose abort marker is at or after the start and whose first offset is before the end.
    /// </summary>
    public IReadOnlyList<AbortedTransaction> AbortedTransactions(IPartitionLog log, long fromOffset, long toOffset)
    {
        var state = _partitions.GetValue(log, _ => new PartitionProducerState());
        lock (state.Sync)
        {
            LoadTransactions(log, state);
            List<AbortedTransaction>? found = null;
            foreach (var aborted in state.Aborted)
            {
                if (aborted.LastOffset >= fromOffset && aborted.FirstOffset < toOffset)
                {
                    (found ??= []).Add(aborted);
                }
            }

            return found ?? (IReadOnlyList<AbortedTransaction>)[];
        }
    }

    private static void Close(PartitionProducerState state, long producerId, bool commit, long markerOffset)
    {
        var opened = state.OpenTransactions.Remove(producerId, out var first);
        if (!commit)
        {
            state.Aborted.Add(new AbortedTransaction(producerId, opened ? first : markerOffset, markerOffset));
        }
    }

    /// <summary>Replays every transactional batch and marker of the log, once per partition.</summary>
    private void LoadTransactions(IPartitionLog log, PartitionProducerState state)
    {
        if (state.TransactionsLoaded)
        {
            return;
        }

        state.TransactionsLoaded = true;
        var offset = log.LogStartOffset;
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
                if (info.ProducerId >= 0 && info.IsTransactional && info.LastOffset >= offset)
                {
                    if (info.IsControl)
                    {
                        Close(state, info.ProducerId, ControlBatch.IsCommit(bytes[..info.TotalSize]), info.BaseOffset);
                    }
                    else
                    {
                        state.OpenTransactions.TryAdd(info.ProducerId, info.BaseOffset);
                    }
                }

                next = info.LastOffset + 1;
                bytes = bytes[info.TotalSize..];
            }

            if (next <= offset)
            {
                break;
            }

            offset = next;
        }
    }
}
