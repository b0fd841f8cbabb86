// ListOffsets: v0–v7. Timestamp -1 = latest (the high watermark, or with isolation level 1, read_committed, the
// last stable offset), -2 = earliest,
// -3 = max timestamp (v7), t >= 0 through the time index. v2 adds isolation level and throttle time, v4 leader
// epochs (the current leader epoch is checked, and the epoch of a found offset is 0), v6 flexible encoding.
// v0 (deprecated, still forced by old clients) asks for up to MaxNumOffsets offsets and gets an array instead of
// one timestamp and offset. Kafka's legacy answer listed segment base offsets by file modification time; kpipe
// answers the single offset the v1 lookup finds (none when the lookup finds none, or when MaxNumOffsets < 1), which
// is what clients asking for latest or earliest with MaxNumOffsets 1 — every client we know — receive from Kafka too.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Apis;

/// <summary>Finds an offset per partition by timestamp (latest, earliest, max timestamp or a time).</summary>
internal sealed class ListOffsetsApi(BrokerContext context, ProducerStateManager producerStates) : ApiHandler<ListOffsetsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.ListOffsets, 0, 7, 6);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new ListOffsetsApi(services.Context, services.ProducerStates);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>ListOffsets request: per partition a timestamp (-1 latest, -2 earliest, -3 max timestamp).</summary>
    public sealed record Request(int ReplicaId, sbyte IsolationLevel, IReadOnlyList<TopicData<Request.Partition>> Topics) : IRequestBody<Request>
    {
        /// <summary>One partition and the timestamp to look up; <paramref name="MaxNumOffsets"/> is v0's cap on the answer.</summary>
        public sealed record Partition(int PartitionIndex, int CurrentLeaderEpoch, long Timestamp, int MaxNumOffsets = 1) : IWireReadable<Partition>
        {
            /// <summary>Decodes one partition entry.</summary>
            public static Partition Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var index = r.ReadInt32();
                var epoch = version >= 4 ? r.ReadInt32() : -1;
                var timestamp = r.ReadInt64();
                var maxNumOffsets = version == 0 ? r.ReadInt32() : 1;
                r.SkipTaggedFields(flex);
                return new Partition(index, epoch, timestamp, maxNumOffsets);
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var replicaId = r.ReadInt32();
            var isolation = version >= 2 ? r.ReadInt8() : (sbyte)0;
            var topics = r.ReadTopics<Partition>(version);
            r.SkipTaggedFields(flex);
            return new Request(replicaId, isolation, topics);
        }
    }

    /// <summary>ListOffsets response: per partition the error, the found timestamp and offset, and its leader epoch.</summary>
    public sealed record Response(IReadOnlyList<TopicData<Response.Partition>> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>
        /// One partition's result; <paramref name="MaxNumOffsets"/> is the request's v0 cap, which decides whether v0's
        /// offsets array carries <paramref name="Offset"/>.
        /// </summary>
        public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode, long Timestamp, long Offset, int LeaderEpoch = -1, int MaxNumOffsets = 1) : IWireWritable
        {
            /// <summary>Encodes one partition entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt32(PartitionIndex);
                w.WriteInt16((short)ErrorCode);
                if (version == 0)
                {
                    var answered = Offset >= 0 && MaxNumOffsets > 0;
                    w.WriteArrayLength(answered ? 1 : 0, flex);
                    if (answered)
                    {
                        w.WriteInt64(Offset);
                    }

                    return;
                }

                w.WriteInt64(Timestamp);
                w.WriteInt64(Offset);
                if (version >= 4)
                {
                    w.WriteInt32(LeaderEpoch);
                }

                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            if (version >= 2)
            {
                w.WriteInt32(ThrottleTimeMs);
            }

            w.WriteTopics(Topics, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Looks each partition's timestamp up in its log.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        var answer = new Lookup(request.IsolationLevel == ReadCommitted ? producerStates : null);
        return new Response(PartitionAnswers.Collect<Request.Partition, Response.Partition, Lookup>(context.Topics, request.Topics, ref answer, access, AclOperation.Describe));
    }

    private const sbyte ReadCommitted = 1;

    /// <summary>Looks offsets up; with <paramref name="committed"/> (read_committed) "latest" is the last stable offset.</summary>
    private readonly struct Lookup(ProducerStateManager? committed) : IPartitionAnswer<Request.Partition, Response.Partition>
    {
        public int PartitionIndex(Request.Partition partition) => partition.PartitionIndex;

        public Response.Partition FromLog(Request.Partition partition, IPartitionLog log)
        {
            var epochError = LeaderEpoch.Check(partition.CurrentLeaderEpoch);
            if (epochError != ErrorCode.None)
            {
                return new Response.Partition(partition.PartitionIndex, epochError, -1, -1, MaxNumOffsets: partition.MaxNumOffsets);
            }

            var found = log.LookupOffset(partition.Timestamp);
            if (committed is not null && partition.Timestamp == ListOffsetsTimestamp.Latest && found.Error == ErrorCode.None)
            {
                found = found with { Offset = committed.LastStableOffset(log) };
            }

            var epoch = found.Offset >= 0 ? LeaderEpoch.Current : LeaderEpoch.Undefined;
            return new Response.Partition(partition.PartitionIndex, found.Error, found.Timestamp, found.Offset, epoch, partition.MaxNumOffsets);
        }

        public Response.Partition Refuse(Request.Partition partition, ErrorCode error) =>
            new(partition.PartitionIndex, error, -1, -1);
    }
}
