// Metadata: v0–v12. v1 adds controller, rack, is_internal and null = all topics (on v0 an empty list means all);
// v2 cluster id; v4 allow_auto_topic_creation; v5 offline replicas; v7 leader epoch; v8 authorized operations;
// v9 flexible; v10 topic ids; v12 nullable topic name. This node is the only broker and the controller and leads
// every partition, at leader epoch 0 (no election ever happens). An auto-created topic is answered as created, not
// with LEADER_NOT_AVAILABLE.
// We deliberately do not: compute authorized operations (INT32_MIN); look topics up by id (a null name gets
// UNKNOWN_TOPIC_ID).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Apis;

/// <summary>Describes the cluster (this one node) and the requested topics, creating unknown ones when allowed.</summary>
internal sealed class MetadataApi(BrokerContext context) : ApiHandler<MetadataApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.Metadata, 0, 12, 9);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new MetadataApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Version, call.Access));

    /// <summary>Metadata request: the topics to describe (<see cref="Topics"/> null = all) and whether to auto-create them.</summary>
    public sealed record Request(IReadOnlyList<Request.Topic>? Topics, bool AllowAutoTopicCreation = true, bool IncludeClusterAuthorizedOperations = false, bool IncludeTopicAuthorizedOperations = false) : IRequestBody<Request>
    {
        /// <summary>One requested topic, by name (by id from v10).</summary>
        public sealed record Topic(string? Name, Guid TopicId = default);

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var count = r.ReadArrayLength(flex);
            if (version == 0 && count < 0)
            {
                r.Fail();
            }

            var topics = new ArrayBuilder<Topic>(count);
            for (var i = 0; i < count && !r.Failed; i++)
            {
                var id = version >= 10 ? r.ReadUuid() : Guid.Empty;
                var name = version >= 10 ? r.ReadNullableString(flex) : r.ReadString(flex);
                r.SkipTaggedFields(flex);
                topics.Add(new Topic(name, id));
            }

            var allow = version < 4 || r.ReadBool();
            var cluster = version.Value is >= 8 and <= 10 && r.ReadBool();
            var topicOps = version >= 8 && r.ReadBool();
            r.SkipTaggedFields(flex);
            return new Request(count < 0 ? null : topics.ToArray(), allow, cluster, topicOps);
        }
    }

    /// <summary>Metadata response: brokers, cluster id, controller, topics with their partitions.</summary>
    public sealed record Response(IReadOnlyList<Response.Broker> Brokers, string? ClusterId, int ControllerId, IReadOnlyList<Response.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>Kafka's "authorized operations not requested" marker.</summary>
        public const int OperationsNotRequested = int.MinValue;

        /// <summary>One broker clients can dial.</summary>
        public sealed record Broker(int NodeId, string Host, int Port, string? Rack = null) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt32(NodeId);
                w.WriteString(Host, flex);
                w.WriteInt32(Port);
                if (version >= 1)
                {
                    w.WriteNullableString(Rack, flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>One topic's state.</summary>
        public sealed record Topic(ErrorCode ErrorCode, string? Name, Guid TopicId, bool IsInternal, IReadOnlyList<Partition> Partitions, int TopicAuthorizedOperations = OperationsNotRequested) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt16((short)ErrorCode);
                w.WriteNullableString(Name, flex);
                if (version >= 10)
                {
                    w.WriteUuid(TopicId);
                }

                if (version >= 1)
                {
                    w.WriteBool(IsInternal);
                }

                w.WriteArrayLength(Partitions.Count, flex);
                foreach (var p in Partitions)
                {
                    w.WriteInt16((short)p.ErrorCode);
                    w.WriteInt32(p.PartitionIndex);
                    w.WriteInt32(p.LeaderId);
                    if (version >= 7)
                    {
                        w.WriteInt32(p.LeaderEpoch);
                    }

                    w.WriteInt32Array(p.ReplicaNodes, flex);
                    w.WriteInt32Array(p.IsrNodes, flex);
                    if (version >= 5)
                    {
                        w.WriteInt32Array(p.OfflineReplicas, flex);
                    }

                    w.WriteEmptyTaggedFields(flex);
                }

                if (version >= 8)
                {
                    w.WriteInt32(TopicAuthorizedOperations);
                }

                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>One partition's leader and replicas.</summary>
        public sealed record Partition(ErrorCode ErrorCode, int PartitionIndex, int LeaderId, int LeaderEpoch, IReadOnlyList<int> ReplicaNodes, IReadOnlyList<int> IsrNodes, IReadOnlyList<int> OfflineReplicas);

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            if (version >= 3)
            {
                w.WriteInt32(ThrottleTimeMs);
            }

            w.WriteArray(Brokers, version);

            if (version >= 2)
            {
                w.WriteNullableString(ClusterId, flex);
            }

            if (version >= 1)
            {
                w.WriteInt32(ControllerId);
            }

            w.WriteArray(Topics, version);

            if (version.Value is >= 8 and <= 10)
            {
                w.WriteInt32(OperationsNotRequested);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Builds the response for <paramref name="request"/>.</summary>
    public Response Handle(Request request, short version, RequestAccess access = default)
    {
        var all = request.Topics is null || (version == 0 && request.Topics.Count == 0);
        var topics = new List<Response.Topic>();
        if (all)
        {
            // As Kafka: a request for every topic lists only those the sender may describe.
            foreach (var info in context.Topics.ListTopics().Where(t => access.AllowsTopic(t.Name, AclOperation.Describe)))
            {
                topics.Add(Describe(info));
            }
        }
        else
        {
            foreach (var requested in request.Topics!)
            {
                topics.Add(Lookup(requested, request.AllowAutoTopicCreation, access));
            }
        }

        var brokers = new[] { new Response.Broker(context.NodeId, context.AdvertisedHost, context.AdvertisedPort) };
        return new Response(brokers, context.ClusterId, context.NodeId, topics);
    }

    private Response.Topic Lookup(Request.Topic requested, bool allowAutoCreate, RequestAccess access)
    {
        if (requested.Name is null)
        {
            return new Response.Topic(ErrorCode.UnknownTopicId, null, requested.TopicId, false, []);
        }

        if (!access.AllowsTopic(requested.Name, AclOperation.Describe))
        {
            return new Response.Topic(ErrorCode.TopicAuthorizationFailed, requested.Name, Guid.Empty, false, []);
        }

        if (context.Topics.TryGetTopic(requested.Name, out var info))
        {
            return Describe(info);
        }

        var error = ErrorCode.UnknownTopicOrPartition;
        if (allowAutoCreate && context.Options.AutoCreateTopics && !access.AllowsTopicCreation(requested.Name))
        {
            return new Response.Topic(ErrorCode.TopicAuthorizationFailed, requested.Name, Guid.Empty, false, []);
        }

        if (allowAutoCreate)
        {
            var outcome = context.Topics.EnsureTopic(requested.Name);
            if (outcome.Error == ErrorCode.None && context.Topics.TryGetTopic(requested.Name, out info))
            {
                return Describe(info);
            }

            error = outcome.Error == ErrorCode.None ? ErrorCode.LeaderNotAvailable : outcome.Error;
        }

        return new Response.Topic(error, requested.Name, Guid.Empty, false, []);
    }

    private Response.Topic Describe(TopicInfo info)
    {
        var node = new[] { context.NodeId };
        var partitions = new Response.Partition[info.PartitionCount];
        for (var i = 0; i < partitions.Length; i++)
        {
            partitions[i] = new Response.Partition(ErrorCode.None, i, context.NodeId, LeaderEpoch.Current, node, node, []);
        }

        return new Response.Topic(ErrorCode.None, info.Name, info.TopicId, info.Name.StartsWith("__", StringComparison.Ordinal), partitions);
    }
}
