// SaslHandshake: v0–v1 (KIP-43, KIP-152). The client names its mechanism; the answer lists the enabled ones.
// After v1 the tokens come in SaslAuthenticate requests; after v0 (old clients, e.g. kafka-python 2.0) they come as
// raw size-prefixed frames, which the connection reads itself. An unknown mechanism gets UNSUPPORTED_SASL_MECHANISM
// and the connection closes, as Kafka does; on a listener without SASL the answer is ILLEGAL_SASL_STATE.

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Selects the SASL mechanism of a connection.</summary>
internal sealed class SaslHandshakeApi : ApiHandler<SaslHandshakeApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.SaslHandshake, 0, 1, short.MaxValue);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new SaslHandshakeApi();

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(call.Sasl is { } session
            ? new Response(session.Handshake(request.Mechanism, call.Version), session.Mechanisms)
            : new Response(ErrorCode.IllegalSaslState, []));

    /// <summary>SaslHandshake request: the mechanism the client chose.</summary>
    public sealed record Request(string Mechanism) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version) => new(r.ReadString(false));
    }

    /// <summary>SaslHandshake response: an error code and the enabled mechanisms.</summary>
    public sealed record Response(ErrorCode ErrorCode, IReadOnlyList<string> Mechanisms) : IResponseBody
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt16((short)ErrorCode);
            w.WriteStringArray(Mechanisms, false);
        }
    }
}
