using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Transactions;

// Ending transactions: EndTxn, the timeout that aborts a hung one, and recovery after a restart. A transaction is ended
// in Kafka's two steps: the decision (PrepareCommit / PrepareAbort) is persisted first, then markers are written and
// offsets committed, then the completion is persisted. A crash between the two is finished by recovery, and a client
// retrying EndTxn finishes it too, so no partition keeps an open transaction (and a stuck last stable offset).
internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// EndTxn: commits or aborts the ongoing transaction; a retry of a finished one is answered NONE, one whose markers
    /// are still to be written CONCURRENT_TRANSACTIONS (after another try at writing them).
    /// </summary>
    public ErrorCode EndTransaction(string transactionalId, long producerId, short producerEpoch, bool commit)
    {
        lock (_lock)
        {
            var error = CheckProducer(transactionalId, producerId, producerEpoch, out var transaction);
            if (error != ErrorCode.None)
            {
                return error;
            }

            return (transaction!.State, commit) switch
            {
                (TransactionState.Ongoing, _) => Complete(transaction, commit, bumpEpoch: false),
                (TransactionState.PrepareCommit, true) or (TransactionState.PrepareAbort, false) => WriteMarkers(transaction) ? ErrorCode.None : ErrorCode.ConcurrentTransactions,
                (TransactionState.CompleteCommit, true) or (TransactionState.CompleteAbort, false) => ErrorCode.None,
                _ => ErrorCode.InvalidTxnState,
            };
        }
    }

    /// <summary>
    /// Persists the decision (bumping the epoch to fence the producer when asked), then writes the markers and offsets.
    /// Once the decision is on disk the answer is NONE, as in Kafka: markers that fail to write are written by the
    /// periodic check, a restart or the client's next request, which meanwhile gets CONCURRENT_TRANSACTIONS.
    /// </summary>
    private ErrorCode Complete(TransactionMetadata transaction, bool commit, bool bumpEpoch)
    {
        var decided = Persist(transaction, () =>
        {
            if (bumpEpoch)
            {
                BumpEpoch(transaction);
            }

            transaction.State = commit ? TransactionState.PrepareCommit : TransactionState.PrepareAbort;
        });
        if (decided is { } failed)
        {
            return failed;
        }

        WriteMarkers(transaction);
        return ErrorCode.None;
    }

    /// <summary>Writes a decided transaction's markers and commits its offsets, then persists the completion; false while any of it failed.</summary>
    private bool WriteMarkers(TransactionMetadata transaction)
    {
        var commit = transaction.State == TransactionState.PrepareCommit;
        foreach (var partition in transaction.Partitions)
        {
            // A partition deleted since it was added has nothing left to mark.
            if (_topics.GetLog(partition.Topic, partition.Partition) is not { } log)
            {
                continue;
            }

            var written = _producerStates.AppendMarker(log, transaction.ProducerId, transaction.ProducerEpoch, commit);
            if (written.Error != ErrorCode.None)
            {
                MarkerFailed(transaction.TransactionalId, partition.Topic, partition.Partition, written.Error, written.Message);
                return false;
            }
        }

        if (commit)
        {
            foreach (var group in transaction.Offsets.GroupBy(o => o.Group))
            {
                if (_groups.CommitTransactionalOffsets(group.Key, [.. group]) != ErrorCode.None)
                {
                    return false;
                }
            }
        }

        return Persist(transaction, () =>
        {
            transaction.State = commit ? TransactionState.CompleteCommit : TransactionState.CompleteAbort;
            transaction.Partitions.Clear();
            transaction.Groups.Clear();
            transaction.Offsets.Clear();
        }) is null;
    }

    /// <summary>
    /// Aborts, with a new epoch that fences the producer, every ongoing transaction older than its timeout, and writes
    /// the markers a failed write left behind.
    /// </summary>
    private void AbortTimedOut()
    {
        try
        {
            lock (_lock)
            {
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                foreach (var transaction in _transactions.Values.Where(t => t.State == TransactionState.Ongoing && now - t.StartedMs > t.TimeoutMs).ToList())
                {
                    TimedOut(transaction.TransactionalId, transaction.TimeoutMs);
                    Complete(transaction, commit: false, bumpEpoch: true);
                }

                foreach (var transaction in _transactions.Values.Where(t => t.State is TransactionState.PrepareCommit or TransactionState.PrepareAbort).ToList())
                {
                    WriteMarkers(transaction);
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The broker is stopping and closed its logs; the transaction stays ongoing and is checked again after the restart.
        }
    }

    /// <summary>
    /// Finishes transactions decided before a crash and re-reads the partitions of ongoing ones, so their last stable
    /// offset holds until they end or time out (counted from their original start).
    /// </summary>
    private void Recover()
    {
        foreach (var transaction in _transactions.Values.ToList())
        {
            _producers[transaction.ProducerId] = new ProducerView(transaction.ProducerEpoch, transaction.State == TransactionState.Ongoing, [.. transaction.Partitions]);
            switch (transaction.State)
            {
                case TransactionState.PrepareCommit or TransactionState.PrepareAbort:
                    Recovered(transaction.TransactionalId, transaction.State);
                    WriteMarkers(transaction);
                    break;
                case TransactionState.Ongoing:
                    foreach (var partition in transaction.Partitions)
                    {
                        if (_topics.GetLog(partition.Topic, partition.Partition) is { } log)
                        {
                            _producerStates.EnsureTransactionsLoaded(log);
                        }
                    }

                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Transaction '{TransactionalId}': could not write its marker to {Topic}-{Partition} ({Error}: {Reason}); the periodic check, the client's next request or the next restart writes it")]
    private partial void MarkerFailed(string transactionalId, string topic, int partition, ErrorCode error, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction '{TransactionalId}' passed its timeout of {TimeoutMs} ms and is aborted; its producer is fenced")]
    private partial void TimedOut(string transactionalId, int timeoutMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction '{TransactionalId}' was in {State} when the broker stopped; finishing it")]
    private partial void Recovered(string transactionalId, TransactionState state);
}
