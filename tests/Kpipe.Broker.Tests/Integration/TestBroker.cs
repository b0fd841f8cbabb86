using System.Net;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Tests.Integration;

/// <summary>A <see cref="KafkaBroker"/> on an ephemeral loopback port with a temp data dir, removed on dispose.</summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly bool _ownsDirectory;

    private TestBroker(KafkaBroker broker, string directory, bool ownsDirectory, ILoggerFactory loggerFactory, CapturingLoggerProvider logs)
    {
        Broker = broker;
        DataDirectory = directory;
        _ownsDirectory = ownsDirectory;
        _loggerFactory = loggerFactory;
        Logs = logs;
    }

    public KafkaBroker Broker { get; }

    public string DataDirectory { get; }

    public CapturingLoggerProvider Logs { get; }

    public string BootstrapServers => Broker.BootstrapServers;

    public IPEndPoint EndPoint => Broker.BoundEndPoint;

    public static async Task<TestBroker> StartAsync(Func<BrokerOptions, BrokerOptions>? configure = null, string? dataDirectory = null)
    {
        var directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "kpipe-wire-" + Guid.NewGuid().ToString("N"));
        var logs = new CapturingLoggerProvider();
        var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var options = new BrokerOptions { DataDirectory = directory, Listen = new IPEndPoint(IPAddress.Loopback, 0) };
        options = configure?.Invoke(options) ?? options;
        var broker = await KafkaBroker.StartAsync(options, loggerFactory);
        return new TestBroker(broker, directory, dataDirectory is null, loggerFactory, logs);
    }

    /// <summary>Stops the broker but keeps the data directory, for restart tests.</summary>
    public async Task StopKeepingDataAsync()
    {
        await Broker.StopAsync();
        _loggerFactory.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.StopAsync();
        _loggerFactory.Dispose();
        if (_ownsDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
