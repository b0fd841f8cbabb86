// CreatePartitions: v0–v2 (v1 same shape, v2 flexible encoding). Raises a topic's partition count; a count at or
// below the current one gets INVALID_PARTITIONS.
// We deliberately refuse manual assignments (INVALID_REPLICA_ASSIGNMENT): every partition lives on this node.

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
        call.Respond(Handle(request));

    /// <summary>CreatePartitions request: new total partition count per topic.</summary>
    public sealed record Request(IReadOnlyList<Request.Topic> Topics, int TimeoutMs, bool ValidateOnly) : IRequestBody<Request>
    {
        /// <summary>One topic's new count; manual assignments are counted only to be refused.</summary>
        public sealed record Topic(string Name, int Count, bool HasAssignments) : IWireReadable<Topic>
        {
            /// <summary>Decodes one entry.</summary>
            public static Topic Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var name = r.ReadString(flex);
                var count = r.ReadInt32();
                var assignments = r.ReadArrayLength(flex);
                for (var j = 0; j < assignments && !r.Failed; j++)
                {
                    r.ReadInt32Array(flex);
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                return new Topic(name, count, assignments > 0);
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
    public Response Handle(Request request)
    {
        var results = new Response.Result[request.Topics.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var topic = request.Topics[i];
            var outcome = topic.HasAssignments
                ? new Metadata.TopicOutcome(ErrorCode.InvalidReplicaAssignment, "manual replica assignment is not supported on a single-node broker")
                : context.Topics.CreatePartitions(topic.Name, topic.Count, request.ValidateOnly);
            results[i] = new Response.Result(topic.Name, outcome.Error, outcome.Message);
        }

        return new Response(results);
    }
}
