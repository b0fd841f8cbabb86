using System.Net;
using System.Net.Sockets;
using Kpipe.Broker.Groups;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>An in-process broker on a fixed free loopback port and a temp data directory, restartable on both, for client tests.</summary>
internal sealed class BrokerHost : IAsyncDisposable
{
    private BrokerHost(BrokerOptions options, KafkaBroker broker)
    {
        Options = options;
        Broker = broker;
    }

    public BrokerOptions Options { get; }

    public KafkaBroker Broker { get; private set; }

    public string BootstrapServers => Broker.BootstrapServers;

    public IPEndPoint EndPoint => Broker.BoundEndPoint;

    /// <summary>Group timing fast enough for tests: a short initial delay and session timeouts down to one second.</summary>
    public static GroupCoordinatorOptions FastGroups { get; } = new()
    {
        InitialRebalanceDelay = TimeSpan.FromMilliseconds(100),
        MinSessionTimeoutMs = 1000,
    };

    /// <summary>Starts a broker on <paramref name="port"/> (a free one when 0) that tells clients to dial <paramref name="advertised"/> (itself when null).</summary>
    public static async Task<BrokerHost> StartAsync(int port = 0, DnsEndPoint? advertised = null, int defaultPartitions = 1)
    {
        var options = new BrokerOptions
        {
            DataDirectory = Directory.CreateTempSubdirectory("kpipe-broker-").FullName,
            Listen = new IPEndPoint(IPAddress.Loopback, port == 0 ? FreePort() : port),
            Advertised = advertised,
            Fsync = FsyncPolicy.Never,
            DefaultPartitions = defaultPartitions,
            Groups = FastGroups,
        };
        return new BrokerHost(options, await KafkaBroker.StartAsync(options, NullLoggerFactory.Instance));
    }

    /// <summary>Stops the broker and starts a new one on the same port and data directory, as a process restart does.</summary>
    public async Task RestartAsync()
    {
        await Broker.StopAsync();
        Broker = await KafkaBroker.StartAsync(Options, NullLoggerFactory.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        Directory.Delete(Options.DataDirectory, recursive: true);
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
