// ListOffsets: v1–v7. Timestamp -1 = latest (HW; LSO is the same without transactions), -2 = earliest,
// -3 = max timestamp (v7), t >= 0 through the time index. v2 adds isolation level and throttle time, v4 leader
// epochs (answered -1), v6 flexible encoding.
// We deliberately do not serve v0's multi-offset answer.
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Finds an offset per partition by timestamp (latest, earliest, max timestamp or a time).</summary>
internal sealed class ListOffsetsApi(BrokerContext context) : ApiHandler<ListOffsetsApi.Request>, IApi
{
    /// <summary>The versions served, and the first flexible one.</summary>
    public static ApiVersionRange Versions { get; } = new(ApiKey.ListOffsets, 1, 7, 6);

    /// <summary>Builds the handler over the broker's services.</summary>
    public static IApiHandler Create(ApiServices services) => new ListOffsetsApi(services.Context);

    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request));

    /// <summary>ListOffsets request: per partition a timestamp (-1 latest, -2 earliest, -3 max timestamp).</summary>
    public sealed record Request(int ReplicaId, sbyte IsolationLevel, IReadOnlyList<Request.Topic> Topics) : IRequestBody<Request>
    {
        /// <summary>One topic's partitions.</summary>
        public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

        /// <summary>One partition and the timestamp to look up.</summary>
        public sealed record Partition(int Index, int CurrentLeaderEpoch, long Timestamp);

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var replicaId = r.ReadInt32();
            var isolation = version >= 2 ? r.ReadInt8() : (sbyte)0;
            var topics = new Topic[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                var name = r.ReadString(flex);
                var partitions = new Partition[r.ReadArrayCount(flex)];
                for (var j = 0; j < partitions.Length; j++)
                {
                    var index = r.ReadInt32();
                    var epoch = version >= 4 ? r.ReadInt32() : -1;
                    var timestamp = r.ReadInt64();
                    r.SkipTaggedFields(flex);
                    partitions[j] = new Partition(index, epoch, timestamp);
                }

                r.SkipTaggedFields(flex);
                topics[i] = new Topic(name, partitions);
            }

            r.SkipTaggedFields(flex);
            return new Request(replicaId, isolation, topics);
        }
    }

    /// <summary>ListOffsets response: per partition the error, the found timestamp and offset, and leader epoch (always -1).</summary>
    public sealed record Response(IReadOnlyList<Response.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One topic's partition results.</summary>
        public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

        /// <summary>One partition's result.</summary>
        public sealed record Partition(int Index, ErrorCode ErrorCode, long Timestamp, long Offset, int LeaderEpoch = -1);

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            if (version >= 2)
            {
                w.WriteInt32(ThrottleTimeMs);
            }

            w.WriteArrayLength(Topics.Count, flex);
            foreach (var t in Topics)
            {
                w.WriteString(t.Name, flex);
                w.WriteArrayLength(t.Partitions.Count, flex);
                foreach (var p in t.Partitions)
                {
                    w.WriteInt32(p.Index);
                    w.WriteInt16((short)p.ErrorCode);
                    w.WriteInt64(p.Timestamp);
                    w.WriteInt64(p.Offset);
                    if (version >= 4)
                    {
                        w.WriteInt32(p.LeaderEpoch);
                    }

                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Looks each partition's timestamp up in its log.</summary>
    public Response Handle(Request request)
    {
        var topics = new Response.Topic[request.Topics.Count];
        for (var i = 0; i < topics.Length; i++)
        {
            var topic = request.Topics[i];
            var partitions = new Response.Partition[topic.Partitions.Count];
            for (var j = 0; j < partitions.Length; j++)
            {
                var p = topic.Partitions[j];
                var log = context.Topics.GetLog(topic.Name, p.Index);
                if (log is null)
                {
                    partitions[j] = new Response.Partition(p.Index, ErrorCode.UnknownTopicOrPartition, -1, -1);
                    continue;
                }

                var found = log.LookupOffset(p.Timestamp);
                partitions[j] = new Response.Partition(p.Index, found.Error, found.Timestamp, found.Offset);
            }

            topics[i] = new Response.Topic(topic.Name, partitions);
        }

        return new Response(topics);
    }
}
