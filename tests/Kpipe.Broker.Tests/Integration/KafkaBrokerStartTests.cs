using System.Net;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Broker.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class KafkaBrokerStartTests
{
    [Fact]
    public async Task Start_over_another_nodes_data_directory_names_the_node_it_belongs_to()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kpipe-node-id-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new BrokerOptions { DataDirectory = directory, Listen = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), NodeId = 3 };
            await (await KafkaBroker.StartAsync(options, NullLoggerFactory.Instance)).DisposeAsync();

            var e = await Assert.ThrowsAsync<BrokerStartException>(() => KafkaBroker.StartAsync(options with { NodeId = 4 }, NullLoggerFactory.Instance));

            Assert.StartsWith("the data directory belongs to node 3", e.Message, StringComparison.Ordinal);
            await (await KafkaBroker.StartAsync(options, NullLoggerFactory.Instance)).DisposeAsync();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_on_a_taken_port_says_a_broker_may_already_run()
    {
        await using var first = await TestBroker.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "kpipe-wire-port-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new BrokerOptions { DataDirectory = directory, Listen = first.EndPoint };
            var e = await Assert.ThrowsAsync<BrokerStartException>(() => KafkaBroker.StartAsync(options, NullLoggerFactory.Instance));
            Assert.Equal($"port {first.EndPoint.Port} is in use — is a broker already running? `kpipe cluster status`", e.Message);

            // The refused start released the data directory: a later start on a free port works.
            await using var later = await KafkaBroker.StartAsync(options with { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, NullLoggerFactory.Instance);
            Assert.NotEqual(0, later.BoundEndPoint.Port);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_on_a_data_directory_in_use_is_refused_clearly()
    {
        await using var first = await TestBroker.StartAsync();
        var options = new BrokerOptions { DataDirectory = first.DataDirectory, Listen = new IPEndPoint(IPAddress.Loopback, 0) };
        var e = await Assert.ThrowsAsync<BrokerStartException>(() => KafkaBroker.StartAsync(options, NullLoggerFactory.Instance));
        Assert.Contains("in use by another broker", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advertised_address_is_what_clients_are_told_to_dial()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Advertised = new DnsEndPoint("kafka", 9093) });
        Assert.Equal("kafka:9093", broker.BootstrapServers);
        Assert.Contains(broker.Logs.Lines, l => l.Contains("advertised as kafka:9093", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_completes_the_completion_task_and_can_be_called_twice()
    {
        var broker = await TestBroker.StartAsync();
        await broker.Broker.StopAsync();
        await broker.Broker.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await broker.DisposeAsync();
    }
}
