using System.Collections.Concurrent;
using Kpipe.Broker.Groups;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Transactions;

/// <summary>
/// The transaction coordinator of KIP-98 on one node: binds a transactional id to a producer id, fences older epochs,
/// tracks each transaction's partitions and groups, and ends it by writing commit or abort markers to every partition
/// and committing its offsets. Every change is persisted (<see cref="TransactionStore"/>) before it is answered; one lock
/// serializes the coordinator, and markers are written through <see cref="ProducerStateManager"/> under each
/// partition's lock, so a produce either lands before the marker or is refused.
/// </summary>
internal sealed partial class TransactionCoordinator : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TransactionMetadata> _transactions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, ProducerView> _producers = new();
    private readonly TransactionCoordinatorOptions _options;
    private readonly TransactionStore _store;
    private readonly ProducerIdManager _producerIds;
    private readonly ProducerStateManager _producerStates;
    private readonly ITopicRegistry _topics;
    private readonly GroupCoordinator _groups;
    private readonly TimeProvider _time;
    private readonly ILogger<TransactionCoordinator> _logger;
    private readonly ITimer _timeoutTimer;

    /// <summary>Loads the persisted transactions, finishes those caught between decision and markers, and starts the timeout check.</summary>
    public TransactionCoordinator(
        string dataDirectory,
        TransactionCoordinatorOptions options,
        ProducerIdManager producerIds,
        ProducerStateManager producerStates,
        ITopicRegistry topics,
        GroupCoordinator groups,
        TimeProvider time,
        ILogger<TransactionCoordinator> logger)
    {
        _options = options;
        _producerIds = producerIds;
        _producerStates = producerStates;
        _topics = topics;
        _groups = groups;
        _time = time;
        _logger = logger;
        _store = TransactionStore.Open(dataDirectory, out var loaded);
        foreach (var transaction in loaded)
        {
            _transactions[transaction.TransactionalId] = transaction;
        }

        Recover();
        _timeoutTimer = time.CreateTimer(_ => AbortTimedOut(), null, options.AbortCheckInterval, options.AbortCheckInterval);
    }

    /// <summary>
    /// InitProducerId with a transactional id: a new id gets a producer id at epoch 0; a known one keeps its producer id
    /// and gets the next epoch, which fences every older producer of that id. An open transaction is aborted first and
    /// answered CONCURRENT_TRANSACTIONS, which the client retries.
    /// </summary>
    public InitProducerIdResult InitProducerId(string transactionalId, int timeoutMs, long producerId, short producerEpoch)
    {
        if (transactionalId.Length == 0)
        {
            return new InitProducerIdResult(ErrorCode.InvalidRequest, -1, -1);
        }

        if (timeoutMs <= 0 || timeoutMs > _options.MaxTimeoutMs)
        {
            return new InitProducerIdResult(ErrorCode.InvalidTransactionTimeout, -1, -1);
        }

        lock (_lock)
        {
            if (!_transactions.TryGetValue(transactionalId, out var transaction))
            {
                var allocated = _producerIds.InitProducerId(null);
                transaction = new TransactionMetadata { TransactionalId = transactionalId, ProducerId = allocated.ProducerId, ProducerEpoch = 0, TimeoutMs = timeoutMs };
                return Persist(transaction, () => _transactions[transactionalId] = transaction) is { } failed
                    ? new InitProducerIdResult(failed, -1, -1)
                    : new InitProducerIdResult(ErrorCode.None, transaction.ProducerId, transaction.ProducerEpoch);
            }

            if (producerId >= 0 && (producerId != transaction.ProducerId || producerEpoch != transaction.ProducerEpoch))
            {
                return new InitProducerIdResult(ErrorCode.ProducerFenced, -1, -1);
            }

            switch (transaction.State)
            {
                // As Kafka: the ongoing transaction is aborted under a new epoch (fencing its producer) and the client is
                // told CONCURRENT_TRANSACTIONS; its retry finds the abort complete and gets the epoch after that.
                case TransactionState.Ongoing:
                    var aborted = Complete(transaction, commit: false, bumpEpoch: true);
                    return new InitProducerIdResult(aborted == ErrorCode.None ? ErrorCode.ConcurrentTransactions : aborted, -1, -1);

                // Markers still to write (a failed write): the retry finds them written.
                case TransactionState.PrepareCommit or TransactionState.PrepareAbort:
                    WriteMarkers(transaction);
                    return new InitProducerIdResult(ErrorCode.ConcurrentTransactions, -1, -1);
            }

            return Persist(transaction, () =>
            {
                BumpEpoch(transaction);
                transaction.TimeoutMs = timeoutMs;
                transaction.State = TransactionState.Empty;
            }) is { } error
                ? new InitProducerIdResult(error, -1, -1)
                : new InitProducerIdResult(ErrorCode.None, transaction.ProducerId, transaction.ProducerEpoch);
        }
    }

    /// <summary>AddPartitionsToTxn: every partition must exist, else it gets UNKNOWN_TOPIC_OR_PARTITION and the rest OPERATION_NOT_ATTEMPTED.</summary>
    public IReadOnlyList<(TransactionPartition Partition, ErrorCode Error)> AddPartitions(string transactionalId, long producerId, short producerEpoch, IReadOnlyList<TransactionPartition> partitions)
    {
        lock (_lock)
        {
            var error = CheckProducer(transactionalId, producerId, producerEpoch, out var transaction);
            if (error == ErrorCode.None)
            {
                var unknown = partitions.Where(p => _topics.GetLog(p.Topic, p.Partition) is null).ToHashSet();
                if (unknown.Count > 0)
                {
                    return [.. partitions.Select(p => (p, unknown.Contains(p) ? ErrorCode.UnknownTopicOrPartition : ErrorCode.OperationNotAttempted))];
                }

                error = Begin(transaction!, t =>
                {
                    foreach (var partition in partitions.Where(p => !t.Partitions.Contains(p)))
                    {
                        t.Partitions.Add(partition);
                    }
                });
            }

            return [.. partitions.Select(p => (p, error))];
        }
    }

    /// <summary>AddOffsetsToTxn: the group's offsets sent with TxnOffsetCommit will commit or abort with the transaction.</summary>
    public ErrorCode AddOffsets(string transactionalId, long producerId, short producerEpoch, string groupId)
    {
        if (groupId.Length == 0)
        {
            return ErrorCode.InvalidGroupId;
        }

        lock (_lock)
        {
            var error = CheckProducer(transactionalId, producerId, producerEpoch, out var transaction);
            return error != ErrorCode.None ? error : Begin(transaction!, t =>
            {
                if (!t.Groups.Contains(groupId))
                {
                    t.Groups.Add(groupId);
                }
            });
        }
    }

    /// <summary>TxnOffsetCommit: keeps the offsets with the transaction; the group sees them only once it commits.</summary>
    public IReadOnlyList<(PendingTransactionOffset Offset, ErrorCode Error)> CommitOffsets(string transactionalId, long producerId, short producerEpoch, IReadOnlyList<PendingTransactionOffset> offsets)
    {
        lock (_lock)
        {
            var error = CheckProducer(transactionalId, producerId, producerEpoch, out var transaction);
            if (error == ErrorCode.None && (transaction!.State != TransactionState.Ongoing || offsets.Any(o => !transaction.Groups.Contains(o.Group))))
            {
                error = ErrorCode.InvalidTxnState;
            }

            if (error != ErrorCode.None)
            {
                return [.. offsets.Select(o => (o, error))];
            }

            var results = offsets.Select(o => (o, _topics.GetLog(o.Topic, o.Partition) is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None)).ToList();
            var saved = Persist(transaction!, () =>
            {
                foreach (var (offset, _) in results.Where(r => r.Item2 == ErrorCode.None))
                {
                    transaction!.Offsets.RemoveAll(o => o.Group == offset.Group && o.Topic == offset.Topic && o.Partition == offset.Partition);
                    transaction.Offsets.Add(offset);
                }
            });
            return saved is { } failed ? [.. offsets.Select(o => (o, failed))] : results;
        }
    }

    /// <summary>
    /// The produce path's check of a transactional batch, made without the coordinator's lock: its producer must hold the
    /// current epoch and have added the partition to its ongoing transaction.
    /// </summary>
    public AppendResult? CheckProduce(RecordBatchHeader batch, string topic, int partition)
    {
        if (!_producers.TryGetValue(batch.ProducerId, out var view))
        {
            return new AppendResult(ErrorCode.InvalidProducerIdMapping, -1, -1, $"producer {batch.ProducerId} has no transactional id; call InitTransactions first");
        }

        if (batch.ProducerEpoch < view.Epoch)
        {
            return new AppendResult(ErrorCode.InvalidProducerEpoch, -1, -1, $"producer {batch.ProducerId} epoch {batch.ProducerEpoch} is fenced by epoch {view.Epoch}");
        }

        return view.Ongoing && batch.ProducerEpoch == view.Epoch && view.Partitions.Contains(new TransactionPartition(topic, partition))
            ? null
            : new AppendResult(ErrorCode.InvalidTxnState, -1, -1, $"partition {topic}-{partition} was not added to producer {batch.ProducerId}'s transaction (AddPartitionsToTxn)");
    }

    /// <inheritdoc />
    public void Dispose() => _timeoutTimer.Dispose();

    private ErrorCode CheckProducer(string transactionalId, long producerId, short producerEpoch, out TransactionMetadata? transaction)
    {
        if (!_transactions.TryGetValue(transactionalId, out transaction) || transaction.ProducerId != producerId)
        {
            return ErrorCode.InvalidProducerIdMapping;
        }

        return producerEpoch == transaction.ProducerEpoch ? ErrorCode.None : ErrorCode.ProducerFenced;
    }

    /// <summary>Applies <paramref name="add"/> to the transaction, starting it when it was not ongoing, and persists it.</summary>
    private ErrorCode Begin(TransactionMetadata transaction, Action<TransactionMetadata> add)
    {
        // The last transaction's markers are still to write (a failed write): one more try, else the client retries.
        if (transaction.State is TransactionState.PrepareCommit or TransactionState.PrepareAbort && !WriteMarkers(transaction))
        {
            return ErrorCode.ConcurrentTransactions;
        }

        return Persist(transaction, () =>
        {
            if (transaction.State != TransactionState.Ongoing)
            {
                transaction.State = TransactionState.Ongoing;
                transaction.StartedMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                transaction.Partitions.Clear();
                transaction.Groups.Clear();
                transaction.Offsets.Clear();
            }

            add(transaction);
        }) ?? ErrorCode.None;
    }

    private void BumpEpoch(TransactionMetadata transaction)
    {
        if (transaction.ProducerEpoch >= short.MaxValue - 1)
        {
            // Epoch exhausted: Kafka moves the transactional id to a fresh producer id at epoch 0.
            _producers.TryRemove(transaction.ProducerId, out _);
            transaction.ProducerId = _producerIds.InitProducerId(null).ProducerId;
            transaction.ProducerEpoch = 0;
        }
        else
        {
            transaction.ProducerEpoch++;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the transaction state of '{TransactionalId}'; the request gets COORDINATOR_NOT_AVAILABLE and is retried by the client")]
    private partial void StateWriteFailed(Exception exception, string transactionalId);
}
