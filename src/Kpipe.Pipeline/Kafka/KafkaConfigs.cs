using Confluent.Kafka;
using Kpipe.Pipeline.Jobs;

namespace Kpipe.Pipeline.Kafka;

/// <summary>The Confluent.Kafka client settings the runtime uses, in one place.</summary>
internal static class KafkaConfigs
{
    /// <summary>How long the group consumer's fetcher pauses when its queue is full, in milliseconds.</summary>
    public const int FetchQueueBackoffMs = 10;

    /// <summary>A group consumer that never commits on its own: offsets go to the group only after the commit log.</summary>
    public static ConsumerConfig GroupConsumer(JobOptions options, string jobName) => With(options, new ConsumerConfig
    {
        BootstrapServers = options.BootstrapServers,
        GroupId = options.EffectiveGroupId(jobName),
        ClientId = $"kpipe-{jobName}-{options.InstanceId}",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = IsolationLevel.ReadCommitted,
        // librdkafka stops fetching for fetch.queue.backoff.ms (1 s by default) once its queue holds queued.min.messages;
        // a job reads in bursts between batches, so with the default it drained the queue in a fraction of each window
        // and then waited out the rest with nothing to read.
        FetchQueueBackoffMs = FetchQueueBackoffMs,
        // The runtime reads partition, offset, timestamp, key and value: no topic name or headers to marshal per record.
        ConsumeResultFields = "timestamp",
    });

    /// <summary>A group-less consumer for re-reading exact offset ranges by assignment.</summary>
    public static ConsumerConfig ReplayConsumer(JobOptions options, string jobName) => With(options, new ConsumerConfig
    {
        BootstrapServers = options.BootstrapServers,
        GroupId = options.EffectiveGroupId(jobName) + "-replay",
        ClientId = $"kpipe-{jobName}-{options.InstanceId}-replay",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        EnablePartitionEof = true,
        IsolationLevel = IsolationLevel.ReadCommitted,
    });

    /// <summary>A producer for the optional dead-letter topic.</summary>
    public static ProducerConfig DeadLetterProducer(JobOptions options) => With(options, new ProducerConfig
    {
        BootstrapServers = options.BootstrapServers,
        ClientId = $"kpipe-dead-letters-{options.InstanceId}",
        EnableIdempotence = true,
    });

    private static T With<T>(JobOptions options, T config)
        where T : ClientConfig
    {
        foreach (var (key, value) in options.KafkaSettings)
        {
            config.Set(key, value);
        }
        return config;
    }
}
