using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>A real Confluent.Kafka consumer across a clean restart of the in-process broker it is a group member of.</summary>
[Trait("Category", "Integration")]
public sealed class GroupRestartClientTests : IAsyncLifetime
{
    private const string Topic = "kept";
    private const string GroupId = "g-kept";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private TestBroker _host = null!;

    public async Task InitializeAsync() => _host = await TestBroker.StartAsync(TestBroker.ForClients);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_consumer_keeps_its_member_id_generation_and_assignment_across_a_broker_restart()
    {
        using (var admin = Admin())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 4, ReplicationFactor = 1 }]);
        }

        var assignedCallbacks = 0;
        var consumed = 0;
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _host.BootstrapServers,
            GroupId = GroupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            SessionTimeoutMs = 10_000,
            HeartbeatIntervalMs = 300,
        }).SetPartitionsAssignedHandler((_, _) => assignedCallbacks++).Build();
        consumer.Subscribe(Topic);
        await Poll.UntilAsync(() => ConsumeOnce(consumer, ref consumed) && consumer.Assignment.Count == 4, Deadline, "the consumer's assignment");
        var memberBefore = (await DescribeAsync()).Members.Single().ConsumerId;
        var rebalancesBefore = Rebalances();

        await _host.RestartAsync();
        Produce(100);
        await Poll.UntilAsync(() => ConsumeOnce(consumer, ref consumed) && consumed == 100, Deadline, "consuming the records produced after the restart");
        var committed = consumer.Commit();

        Assert.Equal(1, assignedCallbacks);
        Assert.Equal(4, consumer.Assignment.Count);
        Assert.Equal(rebalancesBefore, Rebalances());
        Assert.Equal(100, committed.Sum(c => c.Offset.Value));
        var after = await DescribeAsync();
        Assert.Equal((ConsumerGroupState.Stable, memberBefore), (after.State, after.Members.Single().ConsumerId));
    }

    private static bool ConsumeOnce(IConsumer<Ignore, string> consumer, ref int consumed)
    {
        if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { IsPartitionEOF: false })
        {
            consumed++;
        }

        return true;
    }

    /// <summary>Rebalances the broker has completed for the group so far: each one logs the generation it moved to.</summary>
    private int Rebalances() => _host.Logs.Lines.Count(l => l.Contains($"Group {GroupId} moved to generation", StringComparison.Ordinal));

    private IAdminClient Admin() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _host.BootstrapServers }).Build();

    private async Task<ConsumerGroupDescription> DescribeAsync()
    {
        using var admin = Admin();
        return (await admin.DescribeConsumerGroupsAsync([GroupId])).ConsumerGroupDescriptions.Single();
    }

    private void Produce(int count)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _host.BootstrapServers, LingerMs = 5 }).Build();
        for (var i = 0; i < count; i++)
        {
            // Round robin over the partitions: the sticky partitioner can leave one without a record, and a
            // partition with no position commits "unset" (-1001) instead of an offset.
            producer.Produce(new TopicPartition(Topic, new Partition(i % 4)), new Message<Null, string> { Value = $"v{i}" });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }
}
