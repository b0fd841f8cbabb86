// DeleteRecords: v0–v2 (v1 same shape, v2 flexible encoding). Moves each partition's log start forward; -1 means
// the high watermark, beyond it OFFSET_OUT_OF_RANGE; the low watermark answered is the new log start.
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Deletes records before an offset by moving each partition's log start.</summary>
internal sealed class DeleteRecordsApi(BrokerContext context) : ApiHandler<DeleteRecordsApi.Request>, IApi
{
    /// <summary>The versions served, and the first flexible one.</summary>
    public static ApiVersionRange Versions { get; } = new(ApiKey.DeleteRecords, 0, 2, 2);

    /// <summary>Builds the handler over the broker's services.</summary>
    public static IApiHandler Create(ApiServices services) => new DeleteRecordsApi(services.Context);

    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request));

    /// <summary>DeleteRecords request: per partition the offset before which records go (-1 = high watermark).</summary>
    public sealed record Request(IReadOnlyList<Request.Topic> Topics, int TimeoutMs) : IRequestBody<Request>
    {
        /// <summary>One topic's partitions.</summary>
        public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

        /// <summary>One partition and its new log start offset.</summary>
        public sealed record Partition(int Index, long Offset);

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var topics = new Topic[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                var name = r.ReadString(flex);
                var partitions = new Partition[r.ReadArrayCount(flex)];
                for (var j = 0; j < partitions.Length; j++)
                {
                    partitions[j] = new Partition(r.ReadInt32(), r.ReadInt64());
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                topics[i] = new Topic(name, partitions);
            }

            var timeout = r.ReadInt32();
            r.SkipTaggedFields(flex);
            return new Request(topics, timeout);
        }
    }

    /// <summary>DeleteRecords response: per partition the new low watermark (log start) and error code.</summary>
    public sealed record Response(IReadOnlyList<Response.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One topic's partition results.</summary>
        public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

        /// <summary>One partition's result.</summary>
        public sealed record Partition(int Index, long LowWatermark, ErrorCode ErrorCode);

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt32(ThrottleTimeMs);
            w.WriteArrayLength(Topics.Count, flex);
            foreach (var t in Topics)
            {
                w.WriteString(t.Name, flex);
                w.WriteArrayLength(t.Partitions.Count, flex);
                foreach (var p in t.Partitions)
                {
                    w.WriteInt32(p.Index);
                    w.WriteInt64(p.LowWatermark);
                    w.WriteInt16((short)p.ErrorCode);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Deletes records before the given offsets.</summary>
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
                    partitions[j] = new Response.Partition(p.Index, -1, ErrorCode.UnknownTopicOrPartition);
                    continue;
                }

                var error = log.DeleteRecordsBefore(p.Offset, out var logStart);
                partitions[j] = new Response.Partition(p.Index, error == ErrorCode.None ? logStart : -1, error);
            }

            topics[i] = new Response.Topic(topic.Name, partitions);
        }

        return new Response(topics);
    }
}
