namespace Kpipe.Broker.Tests.Authorization;

/// <summary>KafkaJS 2.x admin and producer over SASL/PLAIN against a broker with the authorizer on (ACLs from a second client family).</summary>
[Trait("Category", TestCategories.Clients)]
public sealed class KafkaJsAclTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("kpipe-kafkajs-acl-");
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await AclTestBroker.StartAsync(_directory);

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task KafkaJS_producer_is_refused_until_a_prefixed_allow_and_again_after_deleteAcls()
    {
        var environment = new Dictionary<string, string> { ["BROKER"] = _broker.BootstrapServers, ["TOPIC"] = "app-orders" };
        using var summary = await KafkaJsScript.RunAsync(_directory, Path.Combine("Authorization", "KafkaJs", "acls.mjs"), environment);

        var root = summary.RootElement;
        Assert.Equal("TOPIC_AUTHORIZATION_FAILED", root.GetProperty("before").GetString());
        Assert.Equal("NONE", root.GetProperty("allowed").GetString());
        Assert.Equal(["app-/4:User:alice/4/3"], root.GetProperty("described").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["app-/0"], root.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("TOPIC_AUTHORIZATION_FAILED", root.GetProperty("after").GetString());
        Assert.Equal("CLUSTER_AUTHORIZATION_FAILED", root.GetProperty("aliceCreateError").GetString());
    }
}
