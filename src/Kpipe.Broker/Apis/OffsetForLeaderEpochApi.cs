// OffsetForLeaderEpoch: v2–v4 (v2 current leader epoch and throttle time, v3 replica id, v4 flexible encoding); v0–v1
// are deprecated and only followers of old brokers sent them (Kafka 4 dropped them too, KIP-896).
// Consumers ask it to validate a position after a leader change or on a seek with an epoch (KIP-320). Every partition
// here has had one leader epoch, 0, since its first record, so epoch 0 ends at the log end offset; asking for a newer
// epoch gets UNDEFINED_EPOCH and offset -1, as Kafka answers an epoch it has not reached; an older, unknown one
// (-1) the same. The request's current leader epoch is checked first (UNKNOWN_LEADER_EPOCH / FENCED_LEADER_EPOCH).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Apis;

/// <summary>Finds where a leader epoch ends in each requested partition, for clients validating their position.</summary>
internal sealed class OffsetForLeaderEpochApi(BrokerContext context) : ApiHandler<OffsetForLeaderEpochApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.OffsetForLeaderEpoch, 2, 4, 4);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new OffsetForLeaderEpochApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>OffsetForLeaderEpoch request: per partition the requester's view of the current epoch and the epoch to look up.</summary>
    public sealed record Request(int ReplicaId, IReadOnlyList<TopicData<Request.Partition>> Topics) : IRequestBody<Request>
    {
        /// <summary>One partition: the leader epoch the client believes current, and the epoch whose end it wants.</summary>
        public sealed record Partition(int PartitionIndex, int CurrentLeaderEpoch, int LeaderEpoch) : IWireReadable<Partition>
        {
            /// <summary>Decodes one partition entry.</summary>
            public static Partition Read(ref KafkaReader r, MessageVersion version)
            {
                var partition = new Partition(r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
                r.SkipTaggedFields(version.Flexible);
                return partition;
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var replicaId = version >= 3 ? r.ReadInt32() : -2;
            var topics = r.ReadTopics<Partition>(version);
            r.SkipTaggedFields(version.Flexible);
            return new Request(replicaId, topics);
        }
    }

    /// <summary>OffsetForLeaderEpoch response: per partition the error, the epoch found and where it ends.</summary>
    public sealed record Response(IReadOnlyList<TopicData<Response.Partition>> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One partition's answer.</summary>
        public sealed record Partition(ErrorCode ErrorCode, int PartitionIndex, int LeaderEpoch, long EndOffset) : IWireWritable
        {
            /// <summary>Encodes one partition entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteInt16((short)ErrorCode);
                w.WriteInt32(PartitionIndex);
                w.WriteInt32(LeaderEpoch);
                w.WriteInt64(EndOffset);
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

    /// <summary>Answers each partition from its log end offset.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        var answer = default(EpochEnd);
        return new Response(PartitionAnswers.Collect<Request.Partition, Response.Partition, EpochEnd>(context.Topics, request.Topics, ref answer, access, AclOperation.Describe));
    }

    private readonly struct EpochEnd : IPartitionAnswer<Request.Partition, Response.Partition>
    {
        public int PartitionIndex(Request.Partition partition) => partition.PartitionIndex;

        public Response.Partition FromLog(Request.Partition partition, IPartitionLog log)
        {
            var epochError = LeaderEpoch.Check(partition.CurrentLeaderEpoch);
            if (epochError != ErrorCode.None)
            {
                return new Response.Partition(epochError, partition.PartitionIndex, LeaderEpoch.Undefined, -1);
            }

            return partition.LeaderEpoch == LeaderEpoch.Current
                ? new Response.Partition(ErrorCode.None, partition.PartitionIndex, LeaderEpoch.Current, log.LogEndOffset)
                : new Response.Partition(ErrorCode.None, partition.PartitionIndex, LeaderEpoch.Undefined, -1);
        }

        public Response.Partition Refuse(Request.Partition partition, ErrorCode error) =>
            new(error, partition.PartitionIndex, LeaderEpoch.Undefined, -1);
    }
}
