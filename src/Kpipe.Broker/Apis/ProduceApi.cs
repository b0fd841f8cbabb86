// Produce: v3–v9, magic 2 batches only. v5 adds the log start offset, v8 the error message, v9 flexible encoding.
// acks 0/1/-1 (anything else: INVALID_REQUIRED_ACKS); acks=0 gets no response. With one node -1 equals 1, and with
// --fsync always the log is on disk before Append returns. Exactly one batch per partition (else INVALID_RECORD);
// validation and offset assignment happen in the log's Append, which stores batches as received, compressed or not.
// Unknown topics are auto-created when allowed. Idempotent batches go through ProducerStateManager (duplicates
// answered with their first offset, sequence gaps refused). Transactional batches must come from the current epoch of
// a transactional producer whose ongoing transaction has the partition (AddPartitionsToTxn): INVALID_TXN_STATE
// otherwise, INVALID_PRODUCER_EPOCH from a fenced one. Records are slices of the request frame, valid only while the
// request is handled.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Storage;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Appends each partition's record batch to its log.</summary>
internal sealed class ProduceApi(BrokerContext context, ProducerStateManager producerStates, TransactionCoordinator transactions) : ApiHandler<ProduceApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.Produce, 3, 9, 9);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new ProduceApi(services.Context, services.ProducerStates, services.Transactions);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken)
    {
        var response = Handle(request, call.Access);
        return request.Acks == 0 ? new(DispatchResult.NoResponse) : call.Respond(response);
    }

    /// <summary>Produce request: acks, timeout and per partition its record batch (a null records field is kept as null).</summary>
    public sealed record Request(string? TransactionalId, short Acks, int TimeoutMs, IReadOnlyList<TopicData<Request.Partition>> Topics) : IRequestBody<Request>
    {
        /// <summary>One partition's record batches (null when the client sent null), a slice of the request frame.</summary>
        public sealed record Partition(int PartitionIndex, ReadOnlyMemory<byte>? Records) : IWireReadable<Partition>
        {
            /// <summary>Decodes one partition entry.</summary>
            public static Partition Read(ref KafkaReader r, MessageVersion version)
            {
                var index = r.ReadInt32();
                var partition = new Partition(index, r.ReadNullableBytes(version.Flexible, out var records) ? records : (ReadOnlyMemory<byte>?)null);
                r.SkipTaggedFields(version.Flexible);
                return partition;
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var transactionalId = r.ReadNullableString(version.Flexible);
            var acks = r.ReadInt16();
            var timeout = r.ReadInt32();
            var topics = r.ReadTopics<Partition>(version);
            r.SkipTaggedFields(version.Flexible);
            return new Request(transactionalId, acks, timeout, topics);
        }
    }

    /// <summary>Produce response: per partition the error, base offset, log-append time, log start and error message.</summary>
    public sealed record Response(IReadOnlyList<TopicData<Response.Partition>> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One partition's result.</summary>
        public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode, long BaseOffset, long LogAppendTimeMs = -1, long LogStartOffset = -1, string? ErrorMessage = null) : IWireWritable
        {
            /// <summary>Encodes the entry; the per-record errors are always empty.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteInt32(PartitionIndex);
                w.WriteInt16((short)ErrorCode);
                w.WriteInt64(BaseOffset);
                w.WriteInt64(LogAppendTimeMs);
                if (version >= 5)
                {
                    w.WriteInt64(LogStartOffset);
                }

                if (version >= 8)
                {
                    w.WriteArrayLength(0, version.Flexible);
                    w.WriteNullableString(ErrorMessage, version.Flexible);
                }

                w.WriteEmptyTaggedFields(version.Flexible);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteTopics(Topics, version);
            w.WriteInt32(ThrottleTimeMs);
            w.WriteEmptyTaggedFields(version.Flexible);
        }
    }

    /// <summary>Appends every partition's batch and returns the per-partition outcome.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        var transactionAllowed = request.TransactionalId is null || access.AllowsTransactionalId(request.TransactionalId, AclOperation.Write);
        var topics = new TopicData<Response.Partition>[request.Topics.Count];
        for (var i = 0; i < topics.Length; i++)
        {
            var topic = request.Topics[i];
            var partitions = new Response.Partition[topic.Partitions.Count];
            var ensured = request.Acks is not (0 or 1 or -1) ? default
                : Refusal(topic.Name, transactionAllowed, access) ?? context.Topics.EnsureTopic(topic.Name);
            for (var j = 0; j < partitions.Length; j++)
            {
                var partition = topic.Partitions[j];
                partitions[j] = request.Acks is 0 or 1 or -1
                    ? Append(topic.Name, partition, ensured)
                    : new Response.Partition(partition.PartitionIndex, ErrorCode.InvalidRequiredAcks, -1, ErrorMessage: $"acks must be 0, 1 or -1, not {request.Acks}");
            }

            topics[i] = new TopicData<Response.Partition>(topic.Name, partitions);
        }

        return new Response(topics);
    }

    // Kafka's checks: WRITE on the transactional id, WRITE on the topic, and CREATE (cluster or topic) to auto-create it.
    private TopicOutcome? Refusal(string topic, bool transactionAllowed, RequestAccess access) =>
        !transactionAllowed ? new TopicOutcome(ErrorCode.TransactionalIdAuthorizationFailed, $"{access.Principal} may not WRITE to the transactional id")
        : !access.AllowsTopic(topic, AclOperation.Write) ? new TopicOutcome(ErrorCode.TopicAuthorizationFailed, $"{access.Principal} may not WRITE to topic '{topic}'")
        : !context.Topics.TryGetTopic(topic, out _) && !access.AllowsTopicCreation(topic) ? new TopicOutcome(ErrorCode.UnknownTopicOrPartition, $"topic '{topic}' does not exist and {access.Principal} may not CREATE it")
        : null;

    private Response.Partition Append(string topic, Request.Partition partition, TopicOutcome ensured)
    {
        if (ensured.Error != ErrorCode.None)
        {
            return new Response.Partition(partition.PartitionIndex, ensured.Error, -1, ErrorMessage: ensured.Message);
        }

        var log = context.Topics.GetLog(topic, partition.PartitionIndex);
        if (log is null)
        {
            return new Response.Partition(partition.PartitionIndex, ErrorCode.UnknownTopicOrPartition, -1, ErrorMessage: $"topic '{topic}' has no partition {partition.PartitionIndex}");
        }

        var records = partition.Records is { } memory ? memory.Span : default;
        if (IsMoreThanOneBatch(records))
        {
            return new Response.Partition(partition.PartitionIndex, ErrorCode.InvalidRecord, -1, -1, log.LogStartOffset, "a produce request must carry exactly one record batch per partition");
        }

        var transactional = RecordBatchHeader.TryRead(records, out var header) && header.IsTransactional;
        var result = producerStates.Append(log, records, transactional ? batch => transactions.CheckProduce(batch, topic, partition.PartitionIndex) : null);
        return result.Error == ErrorCode.None
            ? new Response.Partition(partition.PartitionIndex, ErrorCode.None, result.BaseOffset, result.LogAppendTimeMs, log.LogStartOffset)
            : new Response.Partition(partition.PartitionIndex, result.Error, -1, -1, log.LogStartOffset, result.Message);
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
