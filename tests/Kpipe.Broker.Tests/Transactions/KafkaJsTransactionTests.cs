using System.Text.Json;

namespace Kpipe.Broker.Tests.Transactions;

/// <summary>KafkaJS 2.x transactions (installed from npm into a temp folder at test time) against the in-process broker.</summary>
[Trait("Category", "Clients")]
public sealed class KafkaJsTransactionTests : IAsyncLifetime
{
    private const string KafkaJsVersion = "2.2.4";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _workDirectory = new("kpipe-kafkajs-txn-");
    private TestBroker _host = null!;

    public async Task InitializeAsync() => _host = await TestBroker.StartAsync(TestBroker.ForClients);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _workDirectory.Dispose();
    }

    [Fact]
    public async Task KafkaJS_commits_and_aborts_transactions_with_offsets_and_a_read_committed_consumer_sees_only_committed_records()
    {
        var install = await ProcessRunner.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", $"kafkajs@{KafkaJsVersion}"], Timeout,
            workingDirectory: _workDirectory.Path);
        Assert.True(install.ExitCode == 0, $"npm install kafkajs failed (is npm on PATH and the registry reachable?):\n{install}");
        var script = _workDirectory.File("transactions.mjs");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Transactions", "KafkaJs", "transactions.mjs"), script);

        var environment = new Dictionary<string, string> { ["BROKER"] = _host.BootstrapServers, ["TOPIC"] = "kafkajs-txn", ["GROUP"] = "kafkajs-txn-group" };
        var run = await ProcessRunner.RunAsync("node", [script], Timeout, environment, _workDirectory.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var summary = JsonDocument.Parse(run.Stdout.Trim().Split('\n').Last());
        Assert.Equal(["c1", "c2", "c3"], summary.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("5", summary.RootElement.GetProperty("groupOffset").GetString());
    }
}
