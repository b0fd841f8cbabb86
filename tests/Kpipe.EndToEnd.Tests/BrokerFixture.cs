using System.Net;
using Kpipe.Broker;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.EndToEnd.Tests;

/// <summary>An in-process embedded broker on an ephemeral loopback port with a temp data directory, removed afterwards.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private KafkaBroker? _broker;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("kpipe-e2e-broker-").FullName;

    /// <summary>"127.0.0.1:port" as clients dial it.</summary>
    public string BootstrapServers => _broker?.BootstrapServers ?? throw new InvalidOperationException("the broker has not started");

    public async Task InitializeAsync() =>
        _broker = await KafkaBroker.StartAsync(
            new BrokerOptions { DataDirectory = DataDirectory, Listen = new IPEndPoint(IPAddress.Loopback, 0) },
            NullLoggerFactory.Instance);

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>A topic name no other test uses.</summary>
    public static string UniqueTopic(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
