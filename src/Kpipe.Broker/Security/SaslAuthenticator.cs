using System.Text;

namespace Kpipe.Broker.Security;

/// <summary>The broker-wide half of SASL: the enabled mechanisms and the credentials every connection's <see cref="SaslSession"/> checks against.</summary>
internal sealed class SaslAuthenticator(IReadOnlyList<string> mechanisms, CredentialFile credentials)
{
    /// <summary>The enabled mechanism names, as SaslHandshake lists them.</summary>
    public IReadOnlyList<string> Mechanisms { get; } = mechanisms;

    /// <summary>A SCRAM exchange over the current credentials.</summary>
    public ScramServerExchange StartScram(ScramMechanism mechanism)
    {
        var store = credentials.Current;
        return new ScramServerExchange(mechanism, user => store.Find(user, mechanism));
    }

    /// <summary>
    /// Checks an RFC 4616 PLAIN message ([authzid] NUL authcid NUL passwd) against the stored salted credentials;
    /// returns the user, or null.
    /// </summary>
    public string? AuthenticatePlain(ReadOnlySpan<byte> token)
    {
        string[] parts;
        try
        {
            parts = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(token).Split('\0');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        if (parts.Length != 3 || parts[1].Length == 0 || (parts[0].Length > 0 && parts[0] != parts[1]))
        {
            return null;
        }

        var store = credentials.Current;
        foreach (var mechanism in ScramMechanism.All)
        {
            if (store.Find(parts[1], mechanism) is { } credential)
            {
                return credential.Matches(mechanism, parts[2]) ? parts[1] : null;
            }
        }

        return null;
    }
}
