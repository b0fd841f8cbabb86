using System.Net;
using Kpipe.Broker;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.EndToEnd.Tests;

/// <summary>
/// The cluster named by <c>KPIPE_TEST_BOOTSTRAP</c> when set; otherwise an in-process embedded broker on an ephemeral
/// loopback port with a temp data directory, removed afterwards.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private readonly string? _external = NonEmpty(Environment.GetEnvironmentVariable("KPIPE_TEST_BOOTSTRAP"));
    private KafkaBroker? _broker;
    private string? _dataDirectory;

    /// <summary>"host:port" as clients dial it.</summary>
    public string BootstrapServers => _external ?? _broker?.BootstrapServers ?? throw new InvalidOperationException("the broker has not started");

    public async Task InitializeAsync()
    {
        if (_external is not null)
        {
            return;
        }

        _dataDirectory = Directory.CreateTempSubdirectory("kpipe-e2e-broker-").FullName;
        _broker = await KafkaBroker.StartAsync(
            new BrokerOptions { DataDirectory = _dataDirectory, Listen = new IPEndPoint(IPAddress.Loopback, 0) },
            NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>A topic name no other test uses.</summary>
    public static string UniqueTopic(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
