namespace Kpipe.Broker.Producers;

/// <summary>The producers seen on one partition; guarded by <see cref="Sync"/>, which also serializes that partition's idempotent appends.</summary>
internal sealed class PartitionProducerState
{
    public Lock Sync { get; } = new();

    public Dictionary<long, ProducerEntry> Producers { get; } = [];

    /// <summary>False until the state has been rebuilt from the log (done lazily, on the partition's first idempotent append).</summary>
    public bool Loaded { get; set; }

    public DateTimeOffset NextExpiryCheck { get; set; }

    /// <summary>False until the open and aborted transactions have been read from the whole log (on first need).</summary>
    public bool TransactionsLoaded { get; set; }

    /// <summary>Producers with a transaction open on this partition, and the offset of its first batch here.</summary>
    public Dictionary<long, long> OpenTransactions { get; } = [];

    /// <summary>Aborted transactions in marker order (Kafka's <c>.txnindex</c>).</summary>
    public List<AbortedTransaction> Aborted { get; } = [];
}
