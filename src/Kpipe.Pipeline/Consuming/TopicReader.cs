using Confluent.Kafka;
using Kpipe.Pipeline.Kafka;

namespace Kpipe.Pipeline.Consuming;

/// <summary>
/// Reads a topic through Confluent.Kafka: without a group it assigns every partition (counted from metadata) at explicit
/// offsets; with a group it subscribes and commits, so it behaves the same against the embedded broker and real Kafka.
/// <c>settings</c> (SASL, TLS, …) are laid over every client config it builds.
/// </summary>
public sealed class TopicReader(string bootstrapServers, TimeProvider timeProvider, IReadOnlyDictionary<string, string>? settings = null)
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Calls <paramref name="onRecord"/> for each record until a stop condition of <paramref name="options"/>; returns the count.</summary>
    /// <exception cref="TopicNotFoundException">The topic or partition does not exist.</exception>
    public async Task<long> ReadAsync(TopicReadOptions options, Action<ConsumeResult<byte[]?, byte[]?>> onRecord, CancellationToken cancellationToken)
    {
        var idleClock = new IdleClock(timeProvider, assigned: options.GroupId is null);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(ConsumerConfig(options))
            .SetLogHandler((_, _) => { })
            .SetPartitionsAssignedHandler((_, _) => idleClock.Assigned())
            .Build();
        if (options.GroupId is null)
        {
            consumer.Assign(Assignment(options));
        }
        else
        {
            consumer.Subscribe(options.Topic);
        }

        var count = 0L;
        try
        {
            while (!cancellationToken.IsCancellationRequested && (options.MaxMessages is not { } max || count < max))
            {
                // Consume blocks on librdkafka's queue; a worker thread keeps the caller's thread free.
                var result = await Task.Run(() => consumer.Consume(PollInterval), CancellationToken.None);
                if (result is null || result.IsPartitionEOF)
                {
                    if (options.IdleTimeout is { } idle && idleClock.IsIdle(idle))
                    {
                        break;
                    }

                    continue;
                }

                idleClock.Record();
                onRecord(result);
                count++;
            }
        }
        finally
        {
            try
            {
                if (options.GroupId is not null && count > 0)
                {
                    CommitRemaining(consumer);
                }
            }
            finally
            {
                // Leaves the group at once rather than after the session timeout, even when the commit failed.
                consumer.Close();
            }
        }

        return count;
    }

    // Auto-commit may already have committed every stored offset, and then librdkafka answers the final commit with
    // Local_NoOffset: nothing is left to commit, which is no error.
    private static void CommitRemaining(IConsumer<byte[]?, byte[]?> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_NoOffset)
        {
        }
    }

    /// <summary>The consumer config a read with <paramref name="options"/> uses.</summary>
    internal ConsumerConfig ConsumerConfig(TopicReadOptions options) =>
        KafkaConfigs.ReaderConsumer(bootstrapServers, options.GroupId, fromEnd: options.Start.Kind == StartPositionKind.End, settings);

    private List<TopicPartitionOffset> Assignment(TopicReadOptions options)
    {
        var offset = options.Start.Kind switch
        {
            StartPositionKind.Beginning => Offset.Beginning,
            StartPositionKind.End => Offset.End,
            _ => new Offset(options.Start.Offset),
        };
        var partitions = PartitionCount(options.Topic);
        if (options.Partition is { } only)
        {
            if (only < 0 || only >= partitions)
            {
                throw new TopicNotFoundException($"topic '{options.Topic}' has no partition {only} (it has {partitions})");
            }

            return [new TopicPartitionOffset(options.Topic, only, offset)];
        }

        return Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(options.Topic, p, offset)).ToList();
    }

    private int PartitionCount(string topic)
    {
        using var admin = new AdminClientBuilder(KafkaConfigs.Admin(bootstrapServers, settings))
            .SetLogHandler((_, _) => { })
            .Build();
        var metadata = admin.GetMetadata(topic, MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.Code == ErrorCode.UnknownTopicOrPart || metadata.Partitions.Count == 0)
        {
            throw new TopicNotFoundException($"topic '{topic}' does not exist (see kpipe topic list)");
        }

        if (metadata.Error.IsError)
        {
            throw new KafkaException(metadata.Error);
        }

        return metadata.Partitions.Count;
    }
}
