using Confluent.Kafka;
using Kpipe.Pipeline.Kafka;

namespace Kpipe.Pipeline.Producing;

/// <summary>The Confluent.Kafka producer configuration kpipe uses for files: acks=all, idempotence on request.</summary>
public static class ProducerSettings
{
    /// <summary>
    /// A config for <paramref name="bootstrapServers"/>; idempotence needs a broker that answers InitProducerId.
    /// <paramref name="settings"/> (e.g. SASL/TLS) are laid over kpipe's values.
    /// </summary>
    public static ProducerConfig ForFiles(string bootstrapServers, bool idempotent, IReadOnlyDictionary<string, string>? settings = null) => new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = idempotent,
        LingerMs = 5,
        BatchSize = 1024 * 1024,
        MessageTimeoutMs = 30_000,
        ClientId = "kpipe-producer",
    }.With(settings);
}
