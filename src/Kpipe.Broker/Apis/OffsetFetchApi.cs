// OffsetFetch: v1–v7. v2 adds null topics = every committed partition and a group-level error, v3 throttle time,
// v5 leader epoch, v6 flexible, v7 require_stable: a partition with offsets pending in an open transaction
// (TxnOffsetCommit) gets UNSTABLE_OFFSET_COMMIT and offset -1, which clients retry until the transaction ends (KIP-447);
// without it, the last committed offset is answered. A partition without a commit answers -1.
// We deliberately do not serve v8+ (several groups per request).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Reads a group's committed offsets.</summary>
internal sealed class OffsetFetchApi(Groups.GroupCoordinator groups, TransactionCoordinator transactions) : ApiHandler<OffsetFetchApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.OffsetFetch, 1, 7, 6);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new OffsetFetchApi(services.Groups, services.Transactions);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>OffsetFetch request: one group and the partitions to read (<see cref="Topics"/> null = every committed partition).</summary>
    public sealed record Request(string GroupId, IReadOnlyList<Request.Topic>? Topics, bool RequireStable = false) : IRequestBody<Request>
    {
        /// <summary>The partitions asked for in one topic.</summary>
        public sealed record Topic(string Name, IReadOnlyList<int> PartitionIndexes);

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var groupId = r.ReadString(flex);
            var count = r.ReadArrayLength(flex);
            if (count < 0 && version < 2)
            {
                r.Fail();
            }

            var topics = new ArrayBuilder<Topic>(count);
            for (var i = 0; i < count && !r.Failed; i++)
            {
                var name = r.ReadString(flex);
                var partitions = r.ReadInt32Array(flex);
                r.SkipTaggedFields(flex);
                topics.Add(new Topic(name, partitions));
            }

            var requireStable = version >= 7 && r.ReadBool();
            r.SkipTaggedFields(flex);
            return new Request(groupId, count < 0 ? null : topics.ToArray(), requireStable);
        }
    }

    /// <summary>OffsetFetch response: committed offset (-1 when none), leader epoch and metadata per partition, and a group error.</summary>
    public sealed record Response(IReadOnlyList<TopicData<Response.Partition>> Topics, ErrorCode ErrorCode = ErrorCode.None, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One partition's committed offset.</summary>
        public sealed record Partition(int PartitionIndex, long CommittedOffset, int CommittedLeaderEpoch, string? Metadata, ErrorCode ErrorCode) : IWireWritable
        {
            /// <summary>Encodes one partition entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt32(PartitionIndex);
                w.WriteInt64(CommittedOffset);
                if (version >= 5)
                {
                    w.WriteInt32(CommittedLeaderEpoch);
                }

                w.WriteNullableString(Metadata, flex);
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

            if (version >= 2)
            {
                w.WriteInt16((short)ErrorCode);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Reads the group's committed offsets; with <see cref="Request.RequireStable"/>, pending transactional ones are UNSTABLE_OFFSET_COMMIT.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        // As Kafka: DESCRIBE on the group for the whole request; DESCRIBE on each named topic for its partitions, and
        // a request for every committed partition leaves out the topics the sender may not describe.
        if (!access.AllowsGroup(request.GroupId, AclOperation.Describe))
        {
            return new Response([.. (request.Topics ?? []).Select(t => Refused(t, Protocol.ErrorCode.GroupAuthorizationFailed))], Protocol.ErrorCode.GroupAuthorizationFailed);
        }

        var refused = request.Topics?.Where(t => !access.AllowsTopic(t.Name, AclOperation.Describe)).ToList() ?? [];
        var pending = request.RequireStable ? transactions.PendingOffsets(request.GroupId) : [];
        var offsets = groups.FetchOffsets(request.GroupId, request.Topics?.Except(refused).Select(t => new Groups.TopicPartitions(t.Name, t.PartitionIndexes)).ToList());
        return new Response(
            [.. offsets.Where(o => request.Topics is not null || access.AllowsTopic(o.Topic, AclOperation.Describe)).GroupBy(o => o.Topic).Select(t => new TopicData<Response.Partition>(t.Key,
                [.. t.Select(o => pending.Contains((o.Topic, o.Partition))
                    ? new Response.Partition(o.Partition, -1, -1, "", Protocol.ErrorCode.UnstableOffsetCommit)
                    : new Response.Partition(o.Partition, o.Offset, o.LeaderEpoch, o.Metadata, Protocol.ErrorCode.None))])),
                .. refused.Select(t => Refused(t, Protocol.ErrorCode.TopicAuthorizationFailed))]);
    }

    private static TopicData<Response.Partition> Refused(Request.Topic topic, Protocol.ErrorCode error) =>
        new(topic.Name, [.. topic.PartitionIndexes.Select(p => new Response.Partition(p, -1, -1, null, error))]);
}
