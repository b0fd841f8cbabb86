// DeleteTopics: v1–v4. v1 adds throttle time, v4 flexible encoding. Deletes each named topic and its data.
// We deliberately do not serve v5+ (error messages) or v6 (delete by topic id).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Deletes topics and their data.</summary>
internal sealed class DeleteTopicsApi(BrokerContext context) : ApiHandler<DeleteTopicsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DeleteTopics, 1, 4, 4);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DeleteTopicsApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>DeleteTopics request: topic names.</summary>
    public sealed record Request(IReadOnlyList<string> TopicNames, int TimeoutMs) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var names = r.ReadStringArray(flex);
            var timeout = r.ReadInt32();
            r.SkipTaggedFields(flex);
            return new Request(names, timeout);
        }
    }

    /// <summary>DeleteTopics response: per topic the error code.</summary>
    public sealed record Response(IReadOnlyList<Response.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One topic's outcome.</summary>
        public sealed record Topic(string Name, ErrorCode ErrorCode) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteString(Name, flex);
                w.WriteInt16((short)ErrorCode);
                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt32(ThrottleTimeMs);
            w.WriteArray(Topics, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Deletes each topic.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        var results = new Response.Topic[request.TopicNames.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new Response.Topic(request.TopicNames[i], access.AllowsTopic(request.TopicNames[i], AclOperation.Delete)
                ? context.Topics.DeleteTopic(request.TopicNames[i]).Error
                : ErrorCode.TopicAuthorizationFailed);
        }

        return new Response(results);
    }
}
