using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>One request as a handler sees it: its header, the version context, the undecoded body, where the response goes, the connection's SASL state (null without SASL) and the ACLs (null without an authorizer).</summary>
internal readonly record struct ApiCall(RequestHeader Header, MessageVersion Version, ReadOnlyMemory<byte> Body, KafkaWriter Output, string ClientHost, Security.SaslSession? Sasl = null, Authorization.AclAuthorizer? Authorizer = null)
{
    /// <summary>What the sender may do.</summary>
    public Authorization.RequestAccess Access => new(Authorizer, Sasl, ClientHost);

    /// <summary>Frames <paramref name="response"/> at the call's version.</summary>
    public ValueTask<DispatchResult> Respond(IResponseBody response) => new(Write(response));

    /// <summary>Frames <paramref name="response"/> at the call's version: size, response header, body.</summary>
    public DispatchResult Write(IResponseBody response)
    {
        var sizeAt = Output.ReserveInt32();
        ResponseHeader.Write(Output, Header.ApiKey, Version, Header.CorrelationId);
        response.Write(Output, Version);
        Output.PatchInt32(sizeAt, Output.Length - sizeAt - 4);
        return DispatchResult.Responded;
    }
}
