using System.Net;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Security;
using Kpipe.Broker.Tests.Protocol;
using Kpipe.Broker.Tests.Server;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Tests.Security;

/// <summary>What the broker says about its listener at start, and how it refuses security settings it cannot use.</summary>
[Trait("Category", "Integration")]
public sealed class ListenerSecurityTests : IDisposable
{
    private readonly TempDirectory _directory = new("kpipe-listener-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_loopback_broker_says_it_is_loopback_only_and_does_not_warn()
    {
        await using var broker = await TestBroker.StartAsync();

        Assert.Contains(broker.Logs.Lines, l => l.Contains($"listening on {broker.EndPoint} (loopback only", StringComparison.Ordinal) && l.Contains("PLAINTEXT", StringComparison.Ordinal));
        Assert.DoesNotContain(broker.Logs.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_broker_reachable_from_other_machines_without_SASL_warns_that_anyone_can_read_and_write()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Listen = new IPEndPoint(IPAddress.Any, 0) });

        var warning = Assert.Single(broker.Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("anyone who can reach it can read and write every topic", warning.Message, StringComparison.Ordinal);
        Assert.Contains("--sasl-credentials", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_reachable_from_other_machines_with_SASL_does_not_warn()
    {
        var users = _directory.File("users.json");
        CredentialStore.Empty.WithUser("alice", "pw").Save(users);

        await using var broker = await TestBroker.StartAsync(o => o with { Listen = new IPEndPoint(IPAddress.Any, 0), Sasl = new SaslOptions { CredentialsFile = users } });

        Assert.Contains(broker.Logs.Lines, l => l.Contains("reachable from other machines; SASL_PLAINTEXT", StringComparison.Ordinal));
        Assert.DoesNotContain(broker.Logs.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_missing_credentials_file_stops_the_start_with_a_message_naming_it()
    {
        var missing = _directory.File("missing.json");

        var error = await Assert.ThrowsAsync<BrokerStartException>(() => TestBroker.StartAsync(o => o with { Sasl = new SaslOptions { CredentialsFile = missing } }));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("kpipe user add", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_is_not_a_key_stops_the_start_with_a_message_naming_the_files()
    {
        var (certificate, _) = TestCertificate.WritePem(_directory.Path);

        var error = await Assert.ThrowsAsync<BrokerStartException>(() =>
            TestBroker.StartAsync(o => o with { Tls = new TlsOptions { CertificateFile = certificate, KeyFile = certificate } }));

        Assert.Contains(certificate, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plaintext_request_to_a_TLS_listener_closes_the_connection()
    {
        var (certificate, key) = TestCertificate.WritePem(_directory.Path);
        await using var broker = await TestBroker.StartAsync(o => o with { Tls = new TlsOptions { CertificateFile = certificate, KeyFile = key } });
        using var peer = await RawPeer.ConnectAsync(broker.EndPoint);

        await peer.SendAsync(RawPeer.Frame(ApiKey.ApiVersions, 3, 1, SampleMessages.Request(ApiKey.ApiVersions).Write));

        Assert.True(await peer.IsClosedByBrokerAsync());
        await Poll.UntilAsync(() => broker.Logs.Lines.Any(l => l.Contains("TLS handshake failed", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
    }
}
