namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>Shares one <see cref="KafkaTestCluster"/> across a test class; each test makes its own topics and groups.</summary>
public sealed class KafkaClusterFixture : IDisposable
{
    public KafkaTestCluster Cluster { get; } = new();

    public void Dispose() => Cluster.Dispose();
}
