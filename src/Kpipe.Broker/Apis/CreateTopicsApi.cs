// CreateTopics: v3–v4 (v4 only relaxes client-side defaults; every client family sends v3 or later).
// validate_only is honoured; -1 partitions or replication means the broker default; a replication factor above 1
// gets INVALID_REPLICATION_FACTOR ("single node").
// Manual replica assignments are accepted when each partition's list is exactly this node (num_partitions and
// replication_factor must then be -1, and the partitions 0..n-1, as Kafka requires); any other node id gets
// INVALID_REPLICA_ASSIGNMENT. We deliberately do not serve v5+ (flexible, configs echoed back).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Creates topics with their partition counts and configs.</summary>
internal sealed class CreateTopicsApi(BrokerContext context) : ApiHandler<CreateTopicsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.CreateTopics, 3, 4, 5);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new CreateTopicsApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>CreateTopics request: topics with partition count, replication factor and configs.</summary>
    public sealed record Request(IReadOnlyList<Request.Topic> Topics, int TimeoutMs, bool ValidateOnly) : IRequestBody<Request>
    {
        /// <summary>One topic to create: a partition count and replication factor, or manual replica assignments.</summary>
        public sealed record Topic(string Name, int NumPartitions, short ReplicationFactor, IReadOnlyList<ReplicaAssignment> Assignments, IReadOnlyList<KeyValuePair<string, string?>> Configs) : IWireReadable<Topic>
        {
            /// <summary>Decodes one entry.</summary>
            public static Topic Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var name = r.ReadString(flex);
                var partitions = r.ReadInt32();
                var replication = r.ReadInt16();
                var assignmentCount = r.ReadArrayCount(flex);
                var assignments = new ArrayBuilder<ReplicaAssignment>(assignmentCount);
                for (var j = 0; j < assignmentCount && !r.Failed; j++)
                {
                    assignments.Add(new ReplicaAssignment(r.ReadInt32(), r.ReadInt32Array(flex)));
                    r.SkipTaggedFields(flex);
                }

                var count = r.ReadArrayCount(flex);
                var configs = new ArrayBuilder<KeyValuePair<string, string?>>(count);
                for (var j = 0; j < count && !r.Failed; j++)
                {
                    configs.Add(new(r.ReadString(flex), r.ReadNullableString(flex)));
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                return new Topic(name, partitions, replication, assignments.ToArray(), configs.ToArray());
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var topics = r.ReadArray<Topic>(version);
            var timeout = r.ReadInt32();
            var validateOnly = version >= 1 && r.ReadBool();
            r.SkipTaggedFields(flex);
            return new Request(topics, timeout, validateOnly);
        }
    }

    /// <summary>CreateTopics response: per topic the error code and message.</summary>
    public sealed record Response(IReadOnlyList<Response.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One topic's outcome.</summary>
        public sealed record Topic(string Name, ErrorCode ErrorCode, string? ErrorMessage) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteString(Name, flex);
                w.WriteInt16((short)ErrorCode);
                if (version >= 1)
                {
                    w.WriteNullableString(ErrorMessage, flex);
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

            w.WriteArray(Topics, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Creates (or validates) each topic.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        var results = new Response.Topic[request.Topics.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var topic = request.Topics[i];
            if (!access.AllowsTopicCreation(topic.Name))
            {
                results[i] = new Response.Topic(topic.Name, ErrorCode.TopicAuthorizationFailed, $"{access.Principal} may not CREATE topic '{topic.Name}'");
                continue;
            }

            var partitions = topic.NumPartitions;
            var replication = topic.ReplicationFactor;
            if (topic.Assignments.Count > 0)
            {
                var refusal = CheckAssignments(topic);
                if (refusal is not null)
                {
                    results[i] = refusal;
                    continue;
                }

                partitions = topic.Assignments.Count;
                replication = 1;
            }

            var configs = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in topic.Configs)
            {
                configs[key] = value;
            }

            var outcome = context.Topics.CreateTopic(topic.Name, partitions, replication, configs, request.ValidateOnly);
            results[i] = new Response.Topic(topic.Name, outcome.Error, outcome.Message);
        }

        return new Response(results);
    }

    private Response.Topic? CheckAssignments(Request.Topic topic)
    {
        if (topic.NumPartitions != -1 || topic.ReplicationFactor != -1)
        {
            return new Response.Topic(topic.Name, ErrorCode.InvalidRequest, "both num_partitions or replication_factor and manual replica assignments were set; give one or the other (-1 for both with assignments)");
        }

        var indexes = topic.Assignments.Select(a => a.PartitionIndex).Order().ToList();
        if (!indexes.SequenceEqual(Enumerable.Range(0, indexes.Count)))
        {
            return new Response.Topic(topic.Name, ErrorCode.InvalidReplicaAssignment, $"replica assignments must cover partitions 0 to {indexes.Count - 1} once each");
        }

        var problem = SingleNodeAssignments.Problem(topic.Assignments.Select(a => a.BrokerIds), context.NodeId);
        return problem is null ? null : new Response.Topic(topic.Name, ErrorCode.InvalidReplicaAssignment, problem);
    }
}
