// SaslAuthenticate: v0–v2 (KIP-152). v1 adds the session lifetime (always 0: KIP-368 re-authentication is not
// served), v2 is flexible. Carries one SASL token each way. A refused token gets SASL_AUTHENTICATION_FAILED with a
// message and the connection closes after the response, as Kafka does; on a listener without SASL the answer is
// ILLEGAL_SASL_STATE.

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Passes one SASL token from the client to the connection's session and its answer back.</summary>
internal sealed class SaslAuthenticateApi : ApiHandler<SaslAuthenticateApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.SaslAuthenticate, 0, 2, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new SaslAuthenticateApi();

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken)
    {
        if (call.Sasl is not { } session)
        {
            return call.Respond(new Response(ErrorCode.IllegalSaslState, "SASL is not enabled on this listener", ReadOnlyMemory<byte>.Empty));
        }

        var step = session.Authenticate(request.AuthBytes.Span);
        return call.Respond(new Response(step.ErrorCode, step.ErrorMessage, step.ServerToken));
    }

    /// <summary>SaslAuthenticate request: the client's token.</summary>
    public sealed record Request(ReadOnlyMemory<byte> AuthBytes) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            r.ReadNullableBytes(flex, out var bytes);
            r.SkipTaggedFields(flex);
            return new Request(bytes);
        }
    }

    /// <summary>SaslAuthenticate response: an error code and message, the server's token, the session lifetime.</summary>
    public sealed record Response(ErrorCode ErrorCode, string? ErrorMessage, ReadOnlyMemory<byte> AuthBytes, long SessionLifetimeMs = 0) : IResponseBody
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt16((short)ErrorCode);
            w.WriteNullableString(ErrorMessage, flex);
            w.WriteNullableBytes(AuthBytes.Span, flex);
            if (version >= 1)
            {
                w.WriteInt64(SessionLifetimeMs);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }
}
