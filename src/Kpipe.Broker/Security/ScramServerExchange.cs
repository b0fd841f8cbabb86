using System.Security.Cryptography;
using System.Text;

namespace Kpipe.Broker.Security;

/// <summary>
/// The server side of one SCRAM authentication (RFC 5802 section 5, without channel binding, as Kafka runs it):
/// client-first → server-first (combined nonce, salt, iterations), client-final → proof checked → server-final
/// (the server signature). Each step returns the next server message, or null when the client is refused.
/// </summary>
public sealed class ScramServerExchange(ScramMechanism mechanism, Func<string, ScramCredential?> findCredential, string? serverNonce = null)
{
    private string? _clientFirstBare;
    private string? _serverFirst;
    private string? _nonce;
    private string? _gs2Header;
    private ScramCredential? _credential;
    private string? _pendingUser;

    /// <summary>The authenticated user once <see cref="Finish"/> succeeded.</summary>
    public string? User { get; private set; }

    /// <summary>Why the last step refused the client, for the SASL_AUTHENTICATION_FAILED message.</summary>
    public string? Failure { get; private set; }

    /// <summary>Reads client-first-message; returns server-first-message, or null (see <see cref="Failure"/>).</summary>
    public string? Start(string clientFirst)
    {
        if (_serverFirst is not null)
        {
            return Refuse("the client-first message was sent twice");
        }

        // gs2-header: "n" or "y" (no channel binding), an optional authzid, then client-first-message-bare.
        var parts = clientFirst.Split(',', 3);
        if (parts.Length != 3 || parts[0] is not ("n" or "y"))
        {
            return Refuse(parts.Length == 3 && parts[0].StartsWith("p=", StringComparison.Ordinal)
                ? "channel binding is not supported"
                : "malformed client-first message");
        }

        var bare = parts[2];
        var attributes = Attributes(bare);
        if (attributes is null || !attributes.TryGetValue('n', out var saslName) || !attributes.TryGetValue('r', out var clientNonce)
            || clientNonce.Length == 0 || attributes.ContainsKey('m') || UnescapeName(saslName) is not { } user)
        {
            return Refuse("malformed client-first message");
        }

        var authorizationId = parts[1].Length == 0 ? null : parts[1].StartsWith("a=", StringComparison.Ordinal) ? UnescapeName(parts[1][2..]) : "";
        if (authorizationId is not null && authorizationId != user)
        {
            return Refuse("an authorization id other than the user name is not supported");
        }

        _credential = findCredential(user);
        if (_credential is null)
        {
            return Refuse(InvalidCredentials);
        }

        _gs2Header = parts[0] + "," + parts[1] + ",";
        _clientFirstBare = bare;
        _nonce = clientNonce + (serverNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_credential.Salt)},i={_credential.Iterations}";
        _pendingUser = user;
        return _serverFirst;
    }

    /// <summary>Reads client-final-message; returns server-final-message ("v=" signature), or null (see <see cref="Failure"/>).</summary>
    public string? Finish(string clientFinal)
    {
        if (_serverFirst is null || _credential is null || User is not null)
        {
            return Refuse("the client-final message came out of order");
        }

        var proofAt = clientFinal.LastIndexOf(",p=", StringComparison.Ordinal);
        var attributes = proofAt < 0 ? null : Attributes(clientFinal);
        if (attributes is null || !attributes.TryGetValue('c', out var binding) || !attributes.TryGetValue('r', out var nonce)
            || !attributes.TryGetValue('p', out var proofText))
        {
            return Refuse("malformed client-final message");
        }

        if (binding != Convert.ToBase64String(Encoding.UTF8.GetBytes(_gs2Header!)))
        {
            return Refuse("the channel binding does not match the client-first message");
        }

        // RFC 5802 wants the combined nonce back as sent; librdkafka puts its own nonce once more in front of it, so
        // like Kafka's server we accept any nonce that ends with the combined one (which holds our fresh part).
        if (nonce.Length < _nonce!.Length
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce[^_nonce.Length..]), Encoding.UTF8.GetBytes(_nonce)))
        {
            return Refuse("the nonce does not match the server's");
        }

        Span<byte> proof = stackalloc byte[mechanism.HashBytes];
        if (!Convert.TryFromBase64String(proofText, proof, out var proofBytes) || proofBytes != mechanism.HashBytes)
        {
            return Refuse(InvalidCredentials);
        }

        var authMessage = Encoding.UTF8.GetBytes(_clientFirstBare + "," + _serverFirst + "," + clientFinal[..proofAt]);
        var clientSignature = mechanism.Hmac(_credential.StoredKey, authMessage);
        for (var i = 0; i < proof.Length; i++)
        {
            clientSignature[i] ^= proof[i]; // now ClientKey
        }

        if (!CryptographicOperations.FixedTimeEquals(mechanism.StoredKey(clientSignature), _credential.StoredKey))
        {
            return Refuse(InvalidCredentials);
        }

        User = _pendingUser;
        return "v=" + Convert.ToBase64String(mechanism.Hmac(_credential.ServerKey, authMessage));
    }

    private string InvalidCredentials => $"Authentication failed during authentication due to invalid credentials with SASL mechanism {mechanism.Name}";

    private string? Refuse(string reason)
    {
        Failure = reason;
        return null;
    }

    // "k=value" pairs separated by commas; values may hold '=' but not ','.
    private static Dictionary<char, string>? Attributes(string message)
    {
        var attributes = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length < 2 || part[1] != '=' || !attributes.TryAdd(part[0], part[2..]))
            {
                return null;
            }
        }

        return attributes;
    }

    // saslname: "=2C" is ',' and "=3D" is '='; any other '=' is malformed.
    private static string? UnescapeName(string name)
    {
        var unescaped = name.Replace("=2C", ",", StringComparison.Ordinal).Replace("=3D", "\u0001", StringComparison.Ordinal);
        return unescaped.Contains('=') || unescaped.Length == 0 ? null : unescaped.Replace('\u0001', '=');
    }
}
