namespace Kpipe.Broker.Producers;

/// <summary>Idempotent-producer settings; defaults are Kafka's.</summary>
public sealed record ProducerStateOptions
{
    /// <summary>Kafka's <c>producer.id.expiration.ms</c>: a producer silent this long on a partition is forgotten there.</summary>
    public TimeSpan ProducerIdExpiration { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How often a partition's producers are checked for expiry.</summary>
    public TimeSpan ExpiryCheckInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Bytes read per step when rebuilding a partition's producer state from its log.</summary>
    public int RebuildReadBytes { get; init; } = 1024 * 1024;
}
