using Kpipe.Broker.Metadata;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// Produce v3–9 (magic 2 only). v5 adds log start offset, v8 the error message, v9 flexible encoding.
/// acks 0/1/-1 (anything else: INVALID_REQUIRED_ACKS); with one node -1 equals 1, and with
/// <c>--fsync always</c> the log is on disk before Append returns. Exactly one batch per partition
/// (else INVALID_RECORD); validation and offset assignment happen in the log's Append. Unknown topics
/// are auto-created when allowed. Idempotent batches go through <see cref="ProducerStateManager"/>
/// (duplicates answered with their first offset, sequence gaps refused); transactions are not supported. The log
/// validates and stores batches as received, compressed or not.
/// </summary>
internal sealed class ProduceHandler(BrokerContext context, ProducerStateManager producerStates)
{
    /// <summary>Appends every partition's batch and returns the per-partition outcome.</summary>
    public ProduceResponse Handle(ProduceRequest request)
    {
        var topics = new ProduceResponse.Topic[request.Topics.Count];
        for (var i = 0; i < topics.Length; i++)
        {
            var topic = request.Topics[i];
            var partitions = new ProduceResponse.Partition[topic.Partitions.Count];
            var ensured = request.Acks is 0 or 1 or -1 ? context.Topics.EnsureTopic(topic.Name) : default;
            for (var j = 0; j < partitions.Length; j++)
            {
                var partition = topic.Partitions[j];
                partitions[j] = request.Acks is 0 or 1 or -1
                    ? Append(topic.Name, partition, ensured)
                    : new ProduceResponse.Partition(partition.Index, ErrorCode.InvalidRequiredAcks, -1, ErrorMessage: $"acks must be 0, 1 or -1, not {request.Acks}");
            }

            topics[i] = new ProduceResponse.Topic(topic.Name, partitions);
        }

        return new ProduceResponse(topics);
    }

    private ProduceResponse.Partition Append(string topic, ProduceRequest.Partition partition, TopicOutcome ensured)
    {
        if (ensured.Error != ErrorCode.None)
        {
            return new ProduceResponse.Partition(partition.Index, ensured.Error, -1, ErrorMessage: ensured.Message);
        }

        var log = context.Topics.GetLog(topic, partition.Index);
        if (log is null)
        {
            return new ProduceResponse.Partition(partition.Index, ErrorCode.UnknownTopicOrPartition, -1, ErrorMessage: $"topic '{topic}' has no partition {partition.Index}");
        }

        var records = partition.Records is { } memory ? memory.Span : default;
        if (IsMoreThanOneBatch(records))
        {
            return new ProduceResponse.Partition(partition.Index, ErrorCode.InvalidRecord, -1, -1, log.LogStartOffset, "a produce request must carry exactly one record batch per partition");
        }

        var result = producerStates.Append(log, records);
        return result.Error == ErrorCode.None
            ? new ProduceResponse.Partition(partition.Index, ErrorCode.None, result.BaseOffset, result.LogAppendTimeMs, log.LogStartOffset)
            : new ProduceResponse.Partition(partition.Index, result.Error, -1, -1, log.LogStartOffset, result.Message);
    }

    // Kafka accepts exactly one magic-2 batch per partition: a complete batch followed by more bytes is
    // several batches (INVALID_RECORD); any other length mismatch is left to Append (CORRUPT_MESSAGE).
    private static bool IsMoreThanOneBatch(ReadOnlySpan<byte> records) =>
        RecordBatchHeader.TryRead(records, out var header)
        && header.Magic == 2
        && header.BatchLength > 0
        && header.TotalSize < records.Length
        && RecordBatchHeader.TryRead(records[header.TotalSize..], out var next)
        && next.Magic == 2;
}
