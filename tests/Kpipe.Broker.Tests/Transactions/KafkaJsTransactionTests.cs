namespace Kpipe.Broker.Tests.Transactions;

/// <summary>KafkaJS 2.x transactions (installed from npm into a temp folder at test time) against the in-process broker.</summary>
[Trait("Category", "Clients")]
public sealed class KafkaJsTransactionTests : IAsyncLifetime
{
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
        var environment = new Dictionary<string, string> { ["BROKER"] = _host.BootstrapServers, ["TOPIC"] = "kafkajs-txn", ["GROUP"] = "kafkajs-txn-group" };
        using var summary = await KafkaJsScript.RunAsync(_workDirectory, Path.Combine("Transactions", "KafkaJs", "transactions.mjs"), environment);

        Assert.Equal(["c1", "c2", "c3"], summary.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("5", summary.RootElement.GetProperty("groupOffset").GetString());
    }
}
