using Confluent.Kafka;

namespace Kpipe.Pipeline.Kafka;

/// <summary>
/// Every Confluent.Kafka client config kpipe builds, in one place. The user's extra librdkafka settings (SASL, TLS, …)
/// are laid over kpipe's values last, so managed clusters can be reached and any value overridden.
/// </summary>
public static class KafkaConfigs
{
    // librdkafka stops fetching for fetch.queue.backoff.ms (1 s by default) once its queue holds queued.min.messages;
    // a job reads in bursts between batches, so with the default it drained the queue in a fraction of each window
    // and then waited out the rest with nothing to read.
    private const int JobFetchQueueBackoffMs = 10;

    /// <summary>A job's group consumer, which never commits on its own: offsets go to the group only after the commit log.</summary>
    public static ConsumerConfig JobConsumer(string bootstrapServers, string groupId, string jobName, string instanceId, IReadOnlyDictionary<string, string>? settings) => With(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        ClientId = $"kpipe-{jobName}-{instanceId}",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = IsolationLevel.ReadCommitted,
        FetchQueueBackoffMs = JobFetchQueueBackoffMs,
        // The runtime reads partition, offset, timestamp, key and value: no topic name or headers to marshal per record.
        ConsumeResultFields = "timestamp",
    }, settings);

    /// <summary>A job's group-less consumer for re-reading exact offset ranges by assignment.</summary>
    public static ConsumerConfig JobReplayConsumer(string bootstrapServers, string groupId, string jobName, string instanceId, IReadOnlyDictionary<string, string>? settings) => With(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId + "-replay",
        ClientId = $"kpipe-{jobName}-{instanceId}-replay",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        EnablePartitionEof = true,
        IsolationLevel = IsolationLevel.ReadCommitted,
    }, settings);

    /// <summary>A job's producer for the optional dead-letter topic.</summary>
    public static ProducerConfig DeadLetterProducer(string bootstrapServers, string instanceId, IReadOnlyDictionary<string, string>? settings) => With(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        ClientId = $"kpipe-dead-letters-{instanceId}",
        EnableIdempotence = true,
    }, settings);

    /// <summary>The producer for files: acks=all, idempotence on request (it needs a broker that answers InitProducerId).</summary>
    public static ProducerConfig FileProducer(string bootstrapServers, bool idempotent, IReadOnlyDictionary<string, string>? settings = null) => With(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = idempotent,
        LingerMs = 5,
        BatchSize = 1024 * 1024,
        MessageTimeoutMs = 30_000,
        ClientId = "kpipe-producer",
    }, settings);

    /// <summary>
    /// The topic reader's consumer: without a group (<paramref name="groupId"/> null) it commits nothing; in a group it
    /// commits on its own. It starts at the end when <paramref name="fromEnd"/>, else at the beginning.
    /// </summary>
    public static ConsumerConfig ReaderConsumer(string bootstrapServers, string? groupId, bool fromEnd, IReadOnlyDictionary<string, string>? settings) => With(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId ?? "kpipe-reader",
        EnableAutoCommit = groupId is not null,
        EnableAutoOffsetStore = true,
        AutoOffsetReset = fromEnd ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest,
        ClientId = "kpipe-consumer",
        AllowAutoCreateTopics = false,
    }, settings);

    /// <summary>An admin client that never creates topics by asking for them; <paramref name="socketTimeout"/> null keeps librdkafka's.</summary>
    public static AdminClientConfig Admin(string bootstrapServers, IReadOnlyDictionary<string, string>? settings, TimeSpan? socketTimeout = null)
    {
        var config = new AdminClientConfig { BootstrapServers = bootstrapServers };
        if (socketTimeout is { } timeout)
        {
            config.SocketTimeoutMs = (int)timeout.TotalMilliseconds;
        }
        config.AllowAutoCreateTopics = false;
        return With(config, settings);
    }

    /// <summary>An admin client that only asks whether a broker answers at <paramref name="bootstrapServers"/>, within a second.</summary>
    public static AdminClientConfig Probe(string bootstrapServers) => new()
    {
        BootstrapServers = bootstrapServers,
        SocketTimeoutMs = 1000,
    };

    private static T With<T>(T config, IReadOnlyDictionary<string, string>? settings)
        where T : ClientConfig
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            config.Set(key, value);
        }
        return config;
    }
}
