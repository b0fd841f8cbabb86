// DeleteRecords: v0–v2 (v1 same shape, v2 flexible encoding). Moves each partition's log start forward; -1 means
// the high watermark, beyond it OFFSET_OUT_OF_RANGE; the low watermark answered is the new log start.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Apis;

/// <summary>Deletes records before an offset by moving each partition's log start.</summary>
internal sealed class DeleteRecordsApi(BrokerContext context) : ApiHandler<DeleteRecordsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DeleteRecords, 0, 2, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DeleteRecordsApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>DeleteRecords request: per partition the offset before which records go (-1 = high watermark).</summary>
    public sealed record Request(IReadOnlyList<TopicData<Request.Partition>> Topics, int TimeoutMs) : IRequestBody<Request>
    {
        /// <summary>One partition and its new log start offset.</summary>
        public sealed record Partition(int PartitionIndex, long Offset) : IWireReadable<Partition>
        {
            /// <summary>Decodes one partition entry.</summary>
            public static Partition Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var partition = new Partition(r.ReadInt32(), r.ReadInt64());
                r.SkipTaggedFields(flex);
                return partition;
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var topics = r.ReadTopics<Partition>(version);
            var timeout = r.ReadInt32();
            r.SkipTaggedFields(flex);
            return new Request(topics, timeout);
        }
    }

    /// <summary>DeleteRecords response: per partition the new low watermark (log start) and error code.</summary>
    public sealed record Response(IReadOnlyList<TopicData<Response.Partition>> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One partition's result.</summary>
        public sealed record Partition(int PartitionIndex, long LowWatermark, ErrorCode ErrorCode) : IWireWritable
        {
            /// <summary>Encodes one partition entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt32(PartitionIndex);
                w.WriteInt64(LowWatermark);
                w.WriteInt16((short)ErrorCode);
                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt32(ThrottleTimeMs);
            w.WriteTopics(Topics, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Deletes records before the given offsets.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        var answer = default(DeleteBefore);
        return new Response(PartitionAnswers.Collect<Request.Partition, Response.Partition, DeleteBefore>(context.Topics, request.Topics, ref answer, access, AclOperation.Delete));
    }

    private readonly struct DeleteBefore : IPartitionAnswer<Request.Partition, Response.Partition>
    {
        public int PartitionIndex(Request.Partition partition) => partition.PartitionIndex;

        public Response.Partition FromLog(Request.Partition partition, IPartitionLog log)
        {
            var error = log.DeleteRecordsBefore(partition.Offset, out var logStart);
            return new Response.Partition(partition.PartitionIndex, error == ErrorCode.None ? logStart : -1, error);
        }

        public Response.Partition Refuse(Request.Partition partition, ErrorCode error) =>
            new(partition.PartitionIndex, -1, error);
    }
}
