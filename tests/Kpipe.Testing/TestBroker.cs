using System.Net;
using Kpipe.Broker;
using Kpipe.Broker.Groups;
using Microsoft.Extensions.Logging;

namespace Kpipe.Testing;

/// <summary>
/// An in-process <see cref="KafkaBroker"/> on a loopback port the kernel picks when it binds (so no other process can
/// take it in between), over a temp data directory removed on dispose; what it logs is kept in <see cref="Logs"/>.
/// </summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;

    private TestBroker(BrokerOptions options, KafkaBroker broker, CapturingLoggerFactory logs, TempDirectory? ownedDirectory)
    {
        Options = options;
        Broker = broker;
        Logs = logs;
        _ownedDirectory = ownedDirectory;
    }

    /// <summary>The options the broker runs with; <see cref="BrokerOptions.Listen"/> holds the port actually bound.</summary>
    public BrokerOptions Options { get; }

    public KafkaBroker Broker { get; private set; }

    public string DataDirectory => Options.DataDirectory;

    /// <summary>Every message the broker logged at Debug or above, across restarts.</summary>
    public CapturingLoggerFactory Logs { get; }

    /// <summary>The advertised "host:port" that clients dial.</summary>
    public string BootstrapServers => Broker.BootstrapServers;

    public IPEndPoint EndPoint => Broker.BoundEndPoint;

    /// <summary>
    /// For tests that drive real clients: groups form after 100 ms instead of Kafka's 3 s, sessions may be as short as
    /// one second, and nothing is forced to disk.
    /// </summary>
    public static BrokerOptions ForClients(BrokerOptions options) => options with
    {
        Fsync = FsyncPolicy.Never,
        Groups = new GroupCoordinatorOptions { InitialRebalanceDelay = TimeSpan.FromMilliseconds(100), MinSessionTimeoutMs = 1000 },
    };

    /// <summary>
    /// Starts a broker with the defaults changed by <paramref name="configure"/>; over <paramref name="dataDirectory"/>
    /// when given (then kept on dispose), otherwise over a new temp directory.
    /// </summary>
    public static async Task<TestBroker> StartAsync(Func<BrokerOptions, BrokerOptions>? configure = null, string? dataDirectory = null)
    {
        var owned = dataDirectory is null ? new TempDirectory("kpipe-broker-") : null;
        var options = new BrokerOptions { DataDirectory = dataDirectory ?? owned!.Path, Listen = new IPEndPoint(IPAddress.Loopback, 0) };
        options = configure?.Invoke(options) ?? options;
        var logs = new CapturingLoggerFactory(LogLevel.Debug);
        try
        {
            var broker = await KafkaBroker.StartAsync(options, logs);
            return new TestBroker(options with { Listen = broker.BoundEndPoint }, broker, logs, owned);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>Stops the broker and starts a new one on the same port and data directory, as a process restart does.</summary>
    public async Task RestartAsync()
    {
        await Broker.StopAsync();
        Broker = await KafkaBroker.StartAsync(Options, Logs);
    }

    /// <summary>Stops the broker but keeps the data directory, for restart tests that start another broker over it.</summary>
    public Task StopKeepingDataAsync() => Broker.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}
