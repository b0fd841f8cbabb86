using System.Text.Json;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>KafkaJS 2.x (installed from npm into a temp folder at test time, never committed) against the in-process broker.</summary>
[Trait("Category", "Clients")]
public sealed class KafkaJsClientTests : IAsyncLifetime
{
    private const string KafkaJsVersion = "2.2.4";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
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
        var install = await ProcessRunner.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", $"kafkajs@{KafkaJsVersion}"], Timeout,
            workingDirectory: _workDirectory.Path);
        Assert.True(install.ExitCode == 0, $"npm install kafkajs failed (is npm on PATH and the registry reachable?):\n{install}");
        var script = _workDirectory.File("group-smoke.mjs");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Groups", "KafkaJs", "group-smoke.mjs"), script);

        var environment = new Dictionary<string, string> { ["BROKER"] = _host.BootstrapServers, ["TOPIC"] = "kafkajs-topic", ["GROUP"] = "kafkajs-group", ["COUNT"] = "30" };
        var run = await ProcessRunner.RunAsync("node", [script], Timeout, environment, _workDirectory.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var summary = JsonDocument.Parse(run.Stdout.Trim().Split('\n').Last());
        Assert.True(summary.RootElement.GetProperty("created").GetBoolean());
        Assert.Equal(3, summary.RootElement.GetProperty("partitionCount").GetInt32());
        Assert.Equal(30, summary.RootElement.GetProperty("consumed").GetInt32());
        Assert.Equal(30, summary.RootElement.GetProperty("committed").GetInt32());
    }
}
