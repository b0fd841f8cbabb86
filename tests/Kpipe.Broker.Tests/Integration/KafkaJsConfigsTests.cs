namespace Kpipe.Broker.Tests.Integration;

/// <summary>KafkaJS 2.x admin (installed from npm into a temp folder at test time) describing and changing topic configs.</summary>
[Trait("Category", "Clients")]
public sealed class KafkaJsConfigsTests : IAsyncLifetime
{
    private readonly TempDirectory _workDirectory = new("kpipe-kafkajs-configs-");
    private TestBroker _host = null!;

    public async Task InitializeAsync() => _host = await TestBroker.StartAsync(TestBroker.ForClients);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _workDirectory.Dispose();
    }

    [Fact]
    public async Task KafkaJS_alterConfigs_validates_then_changes_and_describeConfigs_shows_the_override_with_synonyms()
    {
        var environment = new Dictionary<string, string> { ["BROKER"] = _host.BootstrapServers, ["TOPIC"] = "kafkajs-configs" };
        using var summary = await KafkaJsScript.RunAsync(_workDirectory, Path.Combine("Integration", "KafkaJs", "configs.mjs"), environment);

        var root = summary.RootElement;
        Assert.Equal("604800000", root.GetProperty("validateOnlyValue").GetString());
        Assert.Equal(5, root.GetProperty("validateOnlySource").GetInt32());
        Assert.Equal("1000", root.GetProperty("value").GetString());
        Assert.Equal(1, root.GetProperty("source").GetInt32());
        Assert.Equal(["retention.ms=1000@1", "log.retention.hours=168@5"], root.GetProperty("synonyms").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("1048588", root.GetProperty("maxMessageBytes").GetString());
        Assert.Equal("INVALID_CONFIG", root.GetProperty("unknownError").GetString());
        Assert.True(root.GetProperty("brokerConfigs").GetInt32() > 200, root.GetRawText());
    }
}
