// OffsetDelete: v0 only, never flexible. Drops committed offsets of topics no member subscribes to
// (GROUP_SUBSCRIBED_TO_TOPIC otherwise).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Drops a group's committed offsets for some partitions.</summary>
internal sealed class OffsetDeleteApi(Groups.GroupCoordinator groups) : ApiHandler<OffsetDeleteApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.OffsetDelete, 0, 0, short.MaxValue);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new OffsetDeleteApi(services.Groups);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>OffsetDelete request: partitions whose committed offsets a group should drop.</summary>
    public sealed record Request(string GroupId, IReadOnlyList<Request.Topic> Topics) : IRequestBody<Request>
    {
        /// <summary>One topic's partitions.</summary>
        public sealed record Topic(string Name, IReadOnlyList<int> PartitionIndexes) : IWireReadable<Topic>
        {
            /// <summary>Decodes one entry.</summary>
            public static Topic Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var name = r.ReadString(flex);
                return new Topic(name, r.ReadInt32Array(flex));
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var groupId = r.ReadString(flex);
            var topics = r.ReadArray<Topic>(version);
            return new Request(groupId, topics);
        }
    }

    /// <summary>OffsetDelete response: a group-level error and one error per partition.</summary>
    public sealed record Response(ErrorCode ErrorCode, IReadOnlyList<TopicData<Response.Partition>> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One partition's outcome.</summary>
        public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode) : IWireWritable
        {
            /// <summary>Encodes one partition entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteInt32(PartitionIndex);
                w.WriteInt16((short)ErrorCode);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt16((short)ErrorCode);
            w.WriteInt32(ThrottleTimeMs);
            w.WriteTopics(Topics, version);
        }
    }

    /// <summary>Deletes the offsets it may.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        // As Kafka: DELETE on the group for the whole request, READ on each topic for its partitions.
        if (!access.AllowsGroup(request.GroupId, AclOperation.Delete))
        {
            return new Response(Protocol.ErrorCode.GroupAuthorizationFailed, []);
        }

        var refused = request.Topics.Where(t => !access.AllowsTopic(t.Name, AclOperation.Read)).ToList();
        var result = groups.DeleteOffsets(request.GroupId, [.. request.Topics.Except(refused).Select(t => new Groups.TopicPartitions(t.Name, t.PartitionIndexes))]);
        return new Response(
            result.Error,
            [.. result.Partitions.GroupBy(p => p.Topic).Select(t => new TopicData<Response.Partition>(t.Key, [.. t.Select(p => new Response.Partition(p.Partition, p.Error))])),
                .. refused.Select(t => new TopicData<Response.Partition>(t.Name, [.. t.PartitionIndexes.Select(p => new Response.Partition(p, Protocol.ErrorCode.TopicAuthorizationFailed))]))]);
    }
}
