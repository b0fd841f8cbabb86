// TxnOffsetCommit: v0–v3. v2 adds the committed leader epoch, v3 the member id, group instance id and generation
// (read, not checked against the group: the transaction's producer epoch is what fences a zombie) and flexible
// encoding. The offsets stay with the transaction and reach the group only when it commits. The group must have been
// added with AddOffsetsToTxn (INVALID_TXN_STATE otherwise); a fenced producer gets INVALID_PRODUCER_EPOCH.
// We deliberately do not serve v4 (KIP-890's TRANSACTION_ABORTABLE).

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Records a consumer group's offsets in a producer's ongoing transaction.</summary>
internal sealed class TxnOffsetCommitApi(TransactionCoordinator transactions) : ApiHandler<TxnOffsetCommitApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.TxnOffsetCommit, 0, 3, 3);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new TxnOffsetCommitApi(services.Transactions);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(TransactionAccess.CommitOffsets(call.Access, request) ?? Handle(request));

    /// <summary>TxnOffsetCommit request: the transaction, the group (and, v3+, the member) and the offsets per partition.</summary>
    public sealed record Request(
        string TransactionalId,
        string GroupId,
        long ProducerId,
        short ProducerEpoch,
        int GenerationId,
        string MemberId,
        string? GroupInstanceId,
        IReadOnlyList<TopicData<Request.Partition>> Topics) : IRequestBody<Request>
    {
        /// <summary>One partition's offset, leader epoch (-1 unknown) and metadata.</summary>
        public sealed record Partition(int PartitionIndex, long CommittedOffset, int CommittedLeaderEpoch, string? CommittedMetadata) : IWireReadable<Partition>
        {
            /// <summary>Decodes one partition entry.</summary>
            public static Partition Read(ref KafkaReader r, MessageVersion version)
            {
                var index = r.ReadInt32();
                var offset = r.ReadInt64();
                var epoch = version >= 2 ? r.ReadInt32() : -1;
                var metadata = r.ReadNullableString(version.Flexible);
                r.SkipTaggedFields(version.Flexible);
                return new Partition(index, offset, epoch, metadata);
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var transactionalId = r.ReadString(flex);
            var groupId = r.ReadString(flex);
            var producerId = r.ReadInt64();
            var epoch = r.ReadInt16();
            var generation = version >= 3 ? r.ReadInt32() : -1;
            var memberId = version >= 3 ? r.ReadString(flex) : string.Empty;
            var instanceId = version >= 3 ? r.ReadNullableString(flex) : null;
            var topics = r.ReadTopics<Partition>(version);
            r.SkipTaggedFields(flex);
            return new Request(transactionalId, groupId, producerId, epoch, generation, memberId, instanceId, topics);
        }
    }

    /// <summary>TxnOffsetCommit response: one error code per partition.</summary>
    public sealed record Response(IReadOnlyList<TopicData<Response.Partition>> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One partition's outcome.</summary>
        public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode) : IWireWritable
        {
            /// <summary>Encodes one partition entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteInt32(PartitionIndex);
                w.WriteInt16((short)ErrorCode);
                w.WriteEmptyTaggedFields(version.Flexible);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteTopics(Topics, version);
            w.WriteEmptyTaggedFields(version.Flexible);
        }
    }

    /// <summary>Keeps the offsets with the transaction.</summary>
    public Response Handle(Request request)
    {
        var offsets = request.Topics
            .SelectMany(t => t.Partitions.Select(p => new PendingTransactionOffset(request.GroupId, t.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.CommittedMetadata)))
            .ToList();
        var results = transactions.CommitOffsets(request.TransactionalId, request.ProducerId, request.ProducerEpoch, offsets);
        return new Response([.. results
            .GroupBy(r => r.Offset.Topic)
            .Select(t => new TopicData<Response.Partition>(t.Key, [.. t.Select(r => new Response.Partition(r.Offset.Partition, TransactionErrors.ForVersion(r.Error, 0, 1)))]))]);
    }
}
