// CreatePartitions: v0–v2 (v1 same shape, v2 flexible encoding). Raises a topic's partition count; a count at or
// below the current one gets INVALID_PARTITIONS.
// Manual assignments are accepted when there is one per new partition and each names exactly this node; any other
// node id gets INVALID_REPLICA_ASSIGNMENT.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Raises topics' partition counts.</summary>
internal sealed class CreatePartitionsApi(BrokerContext context) : ApiHandler<CreatePartitionsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.CreatePartitions, 0, 2, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new CreatePartitionsApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>CreatePartitions request: new total partition count per topic.</summary>
    public sealed record Request(IReadOnlyList<Request.Topic> Topics, int TimeoutMs, bool ValidateOnly) : IRequestBody<Request>
    {
        /// <summary>One topic's new count and, optionally, each new partition's replica brokers.</summary>
        public sealed record Topic(string Name, int Count, IReadOnlyList<IReadOnlyList<int>>? Assignments) : IWireReadable<Topic>
        {
            /// <summary>Decodes one entry.</summary>
            public static Topic Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var name = r.ReadString(flex);
                var count = r.ReadInt32();
                var length = r.ReadArrayLength(flex);
                var assignments = new ArrayBuilder<IReadOnlyList<int>>(length);
                for (var j = 0; j < length && !r.Failed; j++)
                {
                    assignments.Add(r.ReadInt32Array(flex));
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                return new Topic(name, count, length < 0 ? null : assignments.ToArray());
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var topics = r.ReadArray<Topic>(version);
            var timeout = r.ReadInt32();
            var validateOnly = r.ReadBool();
            r.SkipTaggedFields(flex);
            return new Request(topics, timeout, validateOnly);
        }
    }

    /// <summary>CreatePartitions response: per topic the error code and message.</summary>
    public sealed record Response(IReadOnlyList<Response.Result> Results, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One topic's outcome.</summary>
        public sealed record Result(string Name, ErrorCode ErrorCode, string? ErrorMessage) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteString(Name, flex);
                w.WriteInt16((short)ErrorCode);
                w.WriteNullableString(ErrorMessage, flex);
                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt32(ThrottleTimeMs);
            w.WriteArray(Results, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Raises each topic's partition count (or validates it).</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        var results = new Response.Result[request.Topics.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var topic = request.Topics[i];
            var outcome = !access.AllowsTopic(topic.Name, AclOperation.Alter)
                ? new Metadata.TopicOutcome(ErrorCode.TopicAuthorizationFailed, $"{access.Principal} may not ALTER topic '{topic.Name}'")
                : CheckAssignments(topic) ?? context.Topics.CreatePartitions(topic.Name, topic.Count, request.ValidateOnly);
            results[i] = new Response.Result(topic.Name, outcome.Error, outcome.Message);
        }

        return new Response(results);
    }

    private Metadata.TopicOutcome? CheckAssignments(Request.Topic topic)
    {
        if (topic.Assignments is null || !context.Topics.TryGetTopic(topic.Name, out var existing) || topic.Count <= existing.PartitionCount)
        {
            // No assignments, or a request the registry refuses on its own (unknown topic, count not raised).
            return null;
        }

        var added = topic.Count - existing.PartitionCount;
        if (topic.Assignments.Count != added)
        {
            return new Metadata.TopicOutcome(ErrorCode.InvalidReplicaAssignment, $"increasing the number of partitions by {added} but {topic.Assignments.Count} assignments were given; give one per new partition");
        }

        var problem = SingleNodeAssignments.Problem(topic.Assignments, context.NodeId);
        return problem is null ? null : new Metadata.TopicOutcome(ErrorCode.InvalidReplicaAssignment, problem);
    }
}
