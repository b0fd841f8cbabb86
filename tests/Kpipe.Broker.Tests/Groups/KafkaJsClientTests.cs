namespace Kpipe.Broker.Tests.Groups;

/// <summary>KafkaJS 2.x (installed from npm into a temp folder at test time, never committed) against the in-process broker.</summary>
[Trait("Category", "Clients")]
public sealed class KafkaJsClientTests : IAsyncLifetime
{
    private readonly TempDirectory _workDirectory = new("kpipe-kafkajs-");
    private TestBroker _host = null!;

    public async Task InitializeAsync() => _host = await TestBroker.StartAsync(TestBroker.ForClients);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _workDirectory.Dispose();
    }

    [Fact]
    public async Task KafkaJS_creates_a_topic_reads_its_metadata_produces_and_consumes_in_a_group_with_commits()
    {
        var environment = new Dictionary<string, string> { ["BROKER"] = _host.BootstrapServers, ["TOPIC"] = "kafkajs-topic", ["GROUP"] = "kafkajs-group", ["COUNT"] = "30" };
        using var summary = await KafkaJsScript.RunAsync(_workDirectory, Path.Combine("Groups", "KafkaJs", "group-smoke.mjs"), environment);

        Assert.True(summary.RootElement.GetProperty("created").GetBoolean());
        Assert.Equal(3, summary.RootElement.GetProperty("partitionCount").GetInt32());
        Assert.Equal(30, summary.RootElement.GetProperty("consumed").GetInt32());
        Assert.Equal(30, summary.RootElement.GetProperty("committed").GetInt32());
    }
}
