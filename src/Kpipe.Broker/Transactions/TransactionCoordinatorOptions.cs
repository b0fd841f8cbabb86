namespace Kpipe.Broker.Transactions;

/// <summary>Transaction coordinator settings; defaults are Kafka's.</summary>
public sealed record TransactionCoordinatorOptions
{
    /// <summary>Kafka's <c>transaction.max.timeout.ms</c>: a longer transaction.timeout.ms gets INVALID_TRANSACTION_TIMEOUT.</summary>
    public int MaxTimeoutMs { get; init; } = 900_000;

    /// <summary>Kafka's <c>transaction.abort.timed.out.transaction.cleanup.interval.ms</c>: how often hung transactions are looked for.</summary>
    public TimeSpan AbortCheckInterval { get; init; } = TimeSpan.FromSeconds(10);
}
