// OffsetCommit: v2–v8. v3 adds throttle time, v5 drops retention_time_ms, v6 leader epoch, v7 group instance id,
// v8 flexible. Generation -1 with an empty member id is a simple commit from outside the group protocol. Unknown
// partitions get UNKNOWN_TOPIC_OR_PARTITION; accepted offsets are on disk before the answer.
// We deliberately do not honour a v2–v4 retention time (read, ignored; offsets.retention.minutes applies, as in
// Kafka since v5) and do not serve v9 (KIP-848 member epochs).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Commits a group's offsets.</summary>
internal sealed class OffsetCommitApi(Groups.GroupCoordinator groups) : ApiHandler<OffsetCommitApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.OffsetCommit, 2, 8, 8);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new OffsetCommitApi(services.Groups);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>OffsetCommit request: the member committing and, per partition, the offset and its metadata.</summary>
    public sealed record Request(
        string GroupId,
        int GenerationId,
        string MemberId,
        string? GroupInstanceId,
        long RetentionTimeMs,
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
                var epoch = version >= 6 ? r.ReadInt32() : -1;
                if (version == 1)
                {
                    r.ReadInt64();
                }

                var metadata = r.ReadNullableString(version.Flexible);
                r.SkipTaggedFields(version.Flexible);
                return new Partition(index, offset, epoch, metadata);
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var groupId = r.ReadString(flex);
            var generation = version >= 1 ? r.ReadInt32() : -1;
            var memberId = version >= 1 ? r.ReadString(flex) : string.Empty;
            var instanceId = version >= 7 ? r.ReadNullableString(flex) : null;
            var retention = version.Value is >= 2 and <= 4 ? r.ReadInt64() : -1;
            var topics = r.ReadTopics<Partition>(version);
            r.SkipTaggedFields(flex);
            return new Request(groupId, generation, memberId, instanceId, retention, topics);
        }
    }

    /// <summary>OffsetCommit response: one error code per partition.</summary>
    public sealed record Response(IReadOnlyList<TopicData<Response.Partition>> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One partition's outcome.</summary>
        public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode) : IWireWritable
        {
            /// <summary>Encodes one partition entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt32(PartitionIndex);
                w.WriteInt16((short)ErrorCode);
                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            if (version >= 3)
            {
                w.WriteInt32(ThrottleTimeMs);
            }

            w.WriteTopics(Topics, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Validates against the group and stores the offsets.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        // As Kafka: READ on the group for the whole request, READ on each topic for its partitions.
        if (!access.AllowsGroup(request.GroupId, AclOperation.Read))
        {
            return new Response([.. request.Topics.Select(t => Refused(t, Protocol.ErrorCode.GroupAuthorizationFailed))]);
        }

        var refused = request.Topics.Where(t => !access.AllowsTopic(t.Name, AclOperation.Read)).ToList();
        var entries = request.Topics.Except(refused)
            .SelectMany(t => t.Partitions.Select(p => new Groups.OffsetCommitEntry(t.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.CommittedMetadata)))
            .ToList();
        var results = groups.CommitOffsets(new Groups.OffsetCommitCommand(request.GroupId, request.GenerationId, request.MemberId, request.GroupInstanceId, entries));
        return new Response(
            [.. results.GroupBy(r => r.Topic).Select(t => new TopicData<Response.Partition>(t.Key, [.. t.Select(r => new Response.Partition(r.Partition, r.Error))])),
                .. refused.Select(t => Refused(t, Protocol.ErrorCode.TopicAuthorizationFailed))]);
    }

    private static TopicData<Response.Partition> Refused(TopicData<Request.Partition> topic, Protocol.ErrorCode error) =>
        new(topic.Name, [.. topic.Partitions.Select(p => new Response.Partition(p.PartitionIndex, error))]);
}
