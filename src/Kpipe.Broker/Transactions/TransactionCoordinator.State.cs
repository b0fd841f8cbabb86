using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Transactions;

// Persisting a change: the change is applied, the whole state written, and on a failed write rolled back; the view the
// produce path reads (epoch, ongoing, partitions per producer id) is replaced only once the change is on disk.
internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// Writes the state after <paramref name="change"/>; on a failed write the in-memory state is rolled back and
    /// COORDINATOR_NOT_AVAILABLE (which clients retry) returned.
    /// </summary>
    private ErrorCode? Persist(TransactionMetadata transaction, Action? change = null)
    {
        var before = Snapshot(transaction);
        var existed = _transactions.ContainsKey(transaction.TransactionalId);
        change?.Invoke();
        try
        {
            _store.Save(_transactions.Values.Append(transaction).DistinctBy(t => t.TransactionalId));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Restore(transaction, before);
            if (!existed)
            {
                _transactions.Remove(transaction.TransactionalId);
            }

            StateWriteFailed(e, transaction.TransactionalId);
            return ErrorCode.CoordinatorNotAvailable;
        }

        _producers[transaction.ProducerId] = new ProducerView(transaction.ProducerEpoch, transaction.State == TransactionState.Ongoing, [.. transaction.Partitions]);
        return null;
    }

    private static TransactionMetadata Snapshot(TransactionMetadata t) => new()
    {
        TransactionalId = t.TransactionalId,
        ProducerId = t.ProducerId,
        ProducerEpoch = t.ProducerEpoch,
        TimeoutMs = t.TimeoutMs,
        State = t.State,
        StartedMs = t.StartedMs,
        Partitions = [.. t.Partitions],
        Groups = [.. t.Groups],
        Offsets = [.. t.Offsets],
    };

    private static void Restore(TransactionMetadata t, TransactionMetadata from)
    {
        t.ProducerId = from.ProducerId;
        t.ProducerEpoch = from.ProducerEpoch;
        t.TimeoutMs = from.TimeoutMs;
        t.State = from.State;
        t.StartedMs = from.StartedMs;
        t.Partitions = from.Partitions;
        t.Groups = from.Groups;
        t.Offsets = from.Offsets;
    }

    /// <summary>What the produce path needs of a producer, replaced whole on every change.</summary>
    private sealed record ProducerView(short Epoch, bool Ongoing, HashSet<TransactionPartition> Partitions);
}
