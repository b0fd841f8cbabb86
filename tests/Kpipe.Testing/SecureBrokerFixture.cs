using Kpipe.Broker.Security;
using Xunit;

namespace Kpipe.Testing;

/// <summary>
/// Two in-process brokers over one credentials file (user <see cref="User"/>) shared by a test class: one on
/// SASL_PLAINTEXT and one on SASL_SSL with a throwaway certificate, so each client is tried over plain TCP and TLS.
/// </summary>
public sealed class SecureBrokerFixture : IAsyncLifetime
{
    public const string User = "alice";
    public const string Password = "alice-secret";

    private readonly TempDirectory _directory = new("kpipe-secure-");

    public TestBroker SaslPlaintext { get; private set; } = null!;

    public TestBroker SaslSsl { get; private set; } = null!;

    /// <summary>The server certificate, which clients trust as their CA file.</summary>
    public string CaFile { get; private set; } = "";

    public string CredentialsFile => _directory.File("credentials.json");

    /// <summary>The broker for <paramref name="tls"/>.</summary>
    public TestBroker Broker(bool tls) => tls ? SaslSsl : SaslPlaintext;

    /// <summary>librdkafka settings (Confluent.Kafka, kcat, <c>kpipe --kafka-config</c>) for <paramref name="mechanism"/>; no user means no SASL at all.</summary>
    public IReadOnlyDictionary<string, string> ClientSettings(bool tls, string mechanism, string? user, string? password)
    {
        var settings = new Dictionary<string, string> { ["bootstrap.servers"] = Broker(tls).BootstrapServers };
        if (user is null)
        {
            settings["security.protocol"] = tls ? "SSL" : "PLAINTEXT";
        }
        else
        {
            settings["security.protocol"] = tls ? "SASL_SSL" : "SASL_PLAINTEXT";
            settings["sasl.mechanism"] = mechanism;
            settings["sasl.username"] = user;
            settings["sasl.password"] = password ?? "";
        }

        if (tls)
        {
            settings["ssl.ca.location"] = CaFile;
        }

        return settings;
    }

    public async Task InitializeAsync()
    {
        CredentialStore.Empty.WithUser(User, Password).Save(CredentialsFile);
        var (certificate, key) = TestCertificate.WritePem(_directory.Path);
        CaFile = certificate;
        var sasl = new SaslOptions { CredentialsFile = CredentialsFile };
        SaslPlaintext = await TestBroker.StartAsync(o => TestBroker.ForClients(o) with { Sasl = sasl });
        SaslSsl = await TestBroker.StartAsync(o => TestBroker.ForClients(o) with { Sasl = sasl, Tls = new TlsOptions { CertificateFile = certificate, KeyFile = key } });
    }

    public async Task DisposeAsync()
    {
        if (SaslPlaintext is not null)
        {
            await SaslPlaintext.DisposeAsync();
        }

        if (SaslSsl is not null)
        {
            await SaslSsl.DisposeAsync();
        }

        _directory.Dispose();
    }
}
