using System.Buffers.Binary;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Security;
using Kpipe.Broker.Tests.Protocol;
using Kpipe.Broker.Tests.Server;

namespace Kpipe.Broker.Tests.Security;

/// <summary>The SASL state machine of a connection as a scripted peer drives it: what is served before, during and after authentication.</summary>
[Trait("Category", "Integration")]
public sealed class SaslConnectionTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("kpipe-sasl-");
    private TestBroker _broker = null!;

    private string CredentialsFile => _directory.File("users.json");

    public async Task InitializeAsync()
    {
        CredentialStore.Empty.WithUser("alice", "secret").Save(CredentialsFile);
        _broker = await TestBroker.StartAsync(o => o with { Sasl = new SaslOptions { CredentialsFile = CredentialsFile, Mechanisms = [SaslMechanisms.Plain, SaslMechanisms.ScramSha512] } });
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_request_other_than_ApiVersions_before_authentication_closes_the_connection()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        await peer.SendAsync(RawPeer.Frame(ApiKey.ApiVersions, 3, 1, SampleMessages.Request(ApiKey.ApiVersions).Write));
        Assert.Equal(1, (await peer.ReceiveAsync()).CorrelationId);

        await peer.SendAsync(RawPeer.Frame(ApiKey.Metadata, 9, 2, SampleMessages.Request(ApiKey.Metadata).Write));

        Assert.True(await peer.IsClosedByBrokerAsync());
        await Poll.UntilAsync(() => _broker.Logs.Lines.Any(l => l.Contains("Metadata request before SASL authentication", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_unknown_mechanism_gets_UNSUPPORTED_SASL_MECHANISM_with_the_enabled_list_and_a_close()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);

        var response = await HandshakeAsync(peer, "SCRAM-SHA-256", 1);

        Assert.Equal(ErrorCode.UnsupportedSaslMechanism, response.ErrorCode);
        Assert.Equal([SaslMechanisms.Plain, SaslMechanisms.ScramSha512], response.Mechanisms);
        Assert.True(await peer.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task A_wrong_password_gets_SASL_AUTHENTICATION_FAILED_with_a_message_and_a_close()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        Assert.Equal(ErrorCode.None, (await HandshakeAsync(peer, SaslMechanisms.Plain, 1)).ErrorCode);

        var response = await AuthenticateAsync(peer, "\0alice\0wrong"u8.ToArray(), 2);

        Assert.Equal(ErrorCode.SaslAuthenticationFailed, response.ErrorCode);
        Assert.Contains("Invalid username or password", response.ErrorMessage);
        Assert.True(await peer.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task The_right_password_over_SaslAuthenticate_opens_every_other_api()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        await HandshakeAsync(peer, SaslMechanisms.Plain, 1);

        var response = await AuthenticateAsync(peer, "\0alice\0secret"u8.ToArray(), 2);
        Assert.Equal(ErrorCode.None, response.ErrorCode);
        Assert.Equal(0, response.SessionLifetimeMs);

        await peer.SendAsync(RawPeer.Frame(ApiKey.Metadata, 9, 3, SampleMessages.Request(ApiKey.Metadata).Write));
        Assert.Equal(3, (await peer.ReceiveAsync()).CorrelationId);
    }

    [Fact]
    public async Task After_a_v0_handshake_a_raw_PLAIN_token_is_answered_with_an_empty_raw_token_and_requests_follow()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        Assert.Equal(ErrorCode.None, (await HandshakeAsync(peer, SaslMechanisms.Plain, 0)).ErrorCode);

        var token = "\0alice\0secret"u8.ToArray();
        var frame = new byte[4 + token.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, token.Length);
        token.CopyTo(frame, 4);
        await peer.SendAsync(frame);
        Assert.Empty(await peer.ReceiveRawTokenAsync());

        await peer.SendAsync(RawPeer.Frame(ApiKey.Metadata, 9, 3, SampleMessages.Request(ApiKey.Metadata).Write));
        Assert.Equal(3, (await peer.ReceiveAsync()).CorrelationId);
    }

    [Fact]
    public async Task A_user_added_to_the_file_after_start_can_log_in_and_a_removed_one_cannot()
    {
        CredentialStore.Load(CredentialsFile).WithUser("carol", "later").WithoutUser("alice", out _).Save(CredentialsFile);

        using (var carol = await RawPeer.ConnectAsync(_broker.EndPoint))
        {
            await HandshakeAsync(carol, SaslMechanisms.Plain, 1);
            Assert.Equal(ErrorCode.None, (await AuthenticateAsync(carol, "\0carol\0later"u8.ToArray(), 2)).ErrorCode);
        }

        using var alice = await RawPeer.ConnectAsync(_broker.EndPoint);
        await HandshakeAsync(alice, SaslMechanisms.Plain, 1);
        Assert.Equal(ErrorCode.SaslAuthenticationFailed, (await AuthenticateAsync(alice, "\0alice\0secret"u8.ToArray(), 2)).ErrorCode);
    }

    [Fact]
    public async Task SaslAuthenticate_before_the_handshake_gets_ILLEGAL_SASL_STATE_and_a_close()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);

        var response = await AuthenticateAsync(peer, "\0alice\0secret"u8.ToArray(), 1);

        Assert.Equal(ErrorCode.IllegalSaslState, response.ErrorCode);
        Assert.True(await peer.IsClosedByBrokerAsync());
    }

    private static async Task<SaslHandshakeApi.Response> HandshakeAsync(RawPeer peer, string mechanism, short version)
    {
        await peer.SendAsync(RawPeer.Frame(ApiKey.SaslHandshake, version, 1, new SaslHandshakeApi.Request(mechanism).Write));
        var (_, body) = await peer.ReceiveAsync();
        var reader = new KafkaReader(body);
        return SaslHandshakeApi.Response.Read(ref reader, version);
    }

    private static async Task<SaslAuthenticateApi.Response> AuthenticateAsync(RawPeer peer, byte[] token, int correlationId)
    {
        await peer.SendAsync(RawPeer.Frame(ApiKey.SaslAuthenticate, 2, correlationId, new SaslAuthenticateApi.Request(token).Write));
        var (_, body) = await peer.ReceiveAsync();
        var reader = new KafkaReader(body);
        reader.SkipTaggedFields(true);
        return SaslAuthenticateApi.Response.Read(ref reader, 2);
    }
}
