using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Broker.Tests.Integration;

/// <summary>Confluent.Kafka's admin client placing partitions by hand on a broker whose node id is not the default.</summary>
[Trait("Category", "Integration")]
public sealed class ReplicaAssignmentClientTests : IAsyncLifetime
{
    private const int NodeId = 7;
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync(o => o with { NodeId = NodeId });

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Admin_creates_a_topic_and_partitions_with_assignments_naming_the_configured_node()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        Assert.Equal(NodeId, admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Single().BrokerId);

        await admin.CreateTopicsAsync([new TopicSpecification { Name = "placed", NumPartitions = 2, ReplicationFactor = -1, ReplicasAssignments = new() { [0] = [NodeId], [1] = [NodeId] } }]);
        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "placed", IncreaseTo = 3, ReplicaAssignments = [[NodeId]] }]);
        var refused = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new TopicSpecification { Name = "misplaced", NumPartitions = 1, ReplicationFactor = -1, ReplicasAssignments = new() { [0] = [NodeId + 1] } }]));

        var partitions = admin.GetMetadata("placed", TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
        Assert.Equal(3, partitions.Count);
        Assert.All(partitions, p => Assert.Equal([NodeId, NodeId], [p.Leader, .. p.Replicas]));
        Assert.Equal(ErrorCode.InvalidReplicaAssignment, refused.Results.Single().Error.Code);
    }
}
