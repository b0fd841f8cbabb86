using System.Text;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Security;

/// <summary>
/// One connection's SASL state (KIP-43, KIP-152): handshake → one or two tokens → authenticated, or failed and
/// closed. After a v0 handshake the tokens come as raw size-prefixed frames instead of SaslAuthenticate requests.
/// </summary>
internal sealed class SaslSession(SaslAuthenticator authenticator)
{
    private string? _mechanism;
    private ScramServerExchange? _scram;

    /// <summary>Whether the client has proved who it is.</summary>
    public bool IsAuthenticated => User is not null;

    /// <summary>The authenticated user.</summary>
    public string? User { get; private set; }

    /// <summary>Set once a step refused the client: the connection closes after the response.</summary>
    public string? Failure { get; private set; }

    /// <summary>After a v0 handshake: the next frames are raw SASL tokens, not Kafka requests.</summary>
    public bool ExpectsRawTokens { get; private set; }

    /// <summary>The enabled mechanisms, as SaslHandshake lists them.</summary>
    public IReadOnlyList<string> Mechanisms => authenticator.Mechanisms;

    /// <summary>Selects <paramref name="mechanism"/>; UNSUPPORTED_SASL_MECHANISM or ILLEGAL_SASL_STATE when it cannot be.</summary>
    public ErrorCode Handshake(string mechanism, short version)
    {
        if (_mechanism is not null || IsAuthenticated)
        {
            return Fail(ErrorCode.IllegalSaslState, "SaslHandshake received twice on one connection");
        }

        if (!authenticator.Mechanisms.Contains(mechanism))
        {
            return Fail(ErrorCode.UnsupportedSaslMechanism,
                $"Unsupported SASL mechanism {mechanism}; enabled: {string.Join(",", authenticator.Mechanisms)}");
        }

        _mechanism = mechanism;
        ExpectsRawTokens = version == 0;
        return ErrorCode.None;
    }

    /// <summary>Takes the client's next token; the outcome carries the server's token or why the client is refused.</summary>
    public SaslStep Authenticate(ReadOnlySpan<byte> token)
    {
        if (_mechanism is null || IsAuthenticated)
        {
            return Refuse(ErrorCode.IllegalSaslState, _mechanism is null
                ? "SaslAuthenticate received before SaslHandshake"
                : "SaslAuthenticate received after successful authentication (re-authentication is not supported)");
        }

        if (_mechanism == SaslMechanisms.Plain)
        {
            User = authenticator.AuthenticatePlain(token);
            return User is null
                ? Refuse(ErrorCode.SaslAuthenticationFailed, "Authentication failed: Invalid username or password")
                : Done([]);
        }

        var mechanism = ScramMechanism.Find(_mechanism)!;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(token);
        }
        catch (DecoderFallbackException)
        {
            return Refuse(ErrorCode.SaslAuthenticationFailed, "Authentication failed: the SCRAM message is not UTF-8");
        }

        if (_scram is null)
        {
            _scram = authenticator.StartScram(mechanism);
            return _scram.Start(text) is { } serverFirst
                ? new SaslStep(ErrorCode.None, null, Encoding.UTF8.GetBytes(serverFirst))
                : Refuse(ErrorCode.SaslAuthenticationFailed, _scram.Failure!);
        }

        if (_scram.Finish(text) is not { } serverFinal)
        {
            return Refuse(ErrorCode.SaslAuthenticationFailed, _scram.Failure!);
        }

        User = _scram.User;
        return Done(Encoding.UTF8.GetBytes(serverFinal));
    }

    private SaslStep Done(byte[] serverToken)
    {
        ExpectsRawTokens = false;
        return new SaslStep(ErrorCode.None, null, serverToken);
    }

    private SaslStep Refuse(ErrorCode error, string message)
    {
        Fail(error, message);
        return new SaslStep(error, message, []);
    }

    private ErrorCode Fail(ErrorCode error, string message)
    {
        Failure = message;
        return error;
    }
}
