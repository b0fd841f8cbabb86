using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Security;
using Kpipe.Broker.Tests.Protocol;
using Kpipe.Broker.Tests.Server;

namespace Kpipe.Broker.Tests.Security;

/// <summary>The SCRAM credential APIs on a broker without <c>--sasl-credentials</c>: no users, and nowhere to store one.</summary>
[Trait("Category", "Integration")]
public sealed class ScramCredentialApisWithoutSaslTests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Describing_lists_no_users_and_altering_says_to_start_with_a_credentials_file()
    {
        var all = await ExchangeAsync(ApiKey.DescribeUserScramCredentials, new DescribeUserScramCredentialsApi.Request(null).Write, DescribeUserScramCredentialsApi.Response.Read);
        Assert.Equal(ErrorCode.None, all.ErrorCode);
        Assert.Empty(all.Results);

        var upsert = new ScramChange("bob", 1, 4096, [1, 2, 3], new byte[32]);
        var alter = await ExchangeAsync(ApiKey.AlterUserScramCredentials, new AlterUserScramCredentialsApi.Request([], [upsert]).Write, AlterUserScramCredentialsApi.Response.Read);
        var result = Assert.Single(alter.Results);
        Assert.Equal(("bob", ErrorCode.UnsupportedSaslMechanism), (result.User, result.ErrorCode));
        Assert.Contains("--sasl-credentials", result.ErrorMessage, StringComparison.Ordinal);
    }

    private async Task<T> ExchangeAsync<T>(ApiKey key, Action<KafkaWriter, short> write, MessageReader<T> read)
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        await peer.SendAsync(RawPeer.Frame(key, 0, 5, write));
        var (correlationId, body) = await peer.ReceiveAsync();
        Assert.Equal(5, correlationId);
        var reader = new KafkaReader(body);
        reader.SkipTaggedFields(true);
        var response = read(ref reader, 0);
        Assert.False(reader.Failed);
        return response;
    }
}
