using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Security;

/// <summary>
/// What the listener asks of every connection: TLS (when a certificate is given) and SASL (when credentials are), which
/// together make Kafka's security protocol — PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.
/// </summary>
internal sealed class ListenerSecurity
{
    private ListenerSecurity(SaslAuthenticator? sasl, SslServerAuthenticationOptions? tls)
    {
        Sasl = sasl;
        Tls = tls;
    }

    /// <summary>No TLS, no SASL.</summary>
    public static ListenerSecurity Plaintext { get; } = new(null, null);

    /// <summary>The SASL mechanisms and credentials, or null when clients need not authenticate.</summary>
    public SaslAuthenticator? Sasl { get; }

    /// <summary>The TLS server settings, or null for plain TCP.</summary>
    public SslServerAuthenticationOptions? Tls { get; }

    /// <summary>Kafka's name for this combination, as clients spell it in <c>security.protocol</c>.</summary>
    public string Protocol => (Sasl, Tls) switch
    {
        (null, null) => "PLAINTEXT",
        (null, _) => "SSL",
        (_, null) => "SASL_PLAINTEXT",
        _ => "SASL_SSL",
    };

    /// <summary>Loads the certificate and the credentials the options name.</summary>
    /// <exception cref="BrokerStartException">A file is missing or unreadable.</exception>
    public static ListenerSecurity Create(BrokerOptions options, ILoggerFactory loggerFactory)
    {
        if (options.Sasl is null && options.Tls is null)
        {
            return Plaintext;
        }

        SaslAuthenticator? sasl = null;
        if (options.Sasl is { } saslOptions)
        {
            try
            {
                var credentials = new CredentialFile(saslOptions.CredentialsFile, loggerFactory.CreateLogger<CredentialFile>());
                sasl = new SaslAuthenticator(saslOptions.Mechanisms, credentials);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new BrokerStartException($"cannot read the SASL credentials file {saslOptions.CredentialsFile}: {e.Message} (create it with `kpipe user add`)", e);
            }
        }

        return new ListenerSecurity(sasl, options.Tls is { } tls ? LoadTls(tls) : null);
    }

    private static SslServerAuthenticationOptions LoadTls(TlsOptions tls)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(tls.CertificateFile);
            var intermediates = new X509Certificate2Collection();
            foreach (var extra in chain.Where(c => c.Thumbprint != certificate.Thumbprint))
            {
                intermediates.Add(extra);
            }

            return new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(certificate, intermediates, offline: true),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = false,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new BrokerStartException($"cannot load the TLS certificate {tls.CertificateFile} with key {tls.KeyFile}: {e.Message}", e);
        }
    }
}
