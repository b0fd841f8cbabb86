namespace Kpipe.Broker.Transactions;

/// <summary>
/// One transactional id's producer and current transaction, as the coordinator keeps and persists it (Kafka's
/// <c>TransactionMetadata</c>). Mutated only under the coordinator's lock.
/// </summary>
internal sealed class TransactionMetadata
{
    /// <summary>The producer's transactional.id.</summary>
    public required string TransactionalId { get; init; }

    /// <summary>The producer id bound to the transactional id.</summary>
    public long ProducerId { get; set; }

    /// <summary>The current epoch; older epochs are fenced.</summary>
    public short ProducerEpoch { get; set; }

    /// <summary>transaction.timeout.ms from the last InitProducerId.</summary>
    public int TimeoutMs { get; set; }

    /// <summary>Where the current transaction stands.</summary>
    public TransactionState State { get; set; }

    /// <summary>When the current transaction started (its first partition or group was added), Unix ms.</summary>
    public long StartedMs { get; set; }

    /// <summary>The partitions that will get a marker.</summary>
    public List<TransactionPartition> Partitions { get; set; } = [];

    /// <summary>The consumer groups added with AddOffsetsToTxn.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Offsets sent with TxnOffsetCommit, committed with the transaction.</summary>
    public List<PendingTransactionOffset> Offsets { get; set; } = [];
}
