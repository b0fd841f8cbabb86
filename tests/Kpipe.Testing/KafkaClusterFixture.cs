using Xunit;

namespace Kpipe.Testing;

/// <summary>Shares one <see cref="KafkaTestCluster"/> across a test class; each test makes its own topics and groups.</summary>
public sealed class KafkaClusterFixture : IAsyncLifetime
{
    private KafkaTestCluster? _cluster;

    public KafkaTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    /// <summary>"host:port" as clients dial it.</summary>
    public string BootstrapServers => Cluster.BootstrapServers;

    public async Task InitializeAsync() => _cluster = await KafkaTestCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
