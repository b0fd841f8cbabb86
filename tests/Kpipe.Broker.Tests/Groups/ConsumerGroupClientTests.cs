using System.Collections.Concurrent;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>Confluent.Kafka consumers in groups against the in-process broker.</summary>
[Trait("Category", "Integration")]
public sealed class ConsumerGroupClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, int> _assigned = new();
    private TestBroker _host = null!;

    public async Task InitializeAsync() => _host = await TestBroker.StartAsync(TestBroker.ForClients);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Three_consumers_in_one_group_read_every_record_of_six_partitions_exactly_once()
    {
        await CreateTopicAsync("three", 6);
        var seen = new ConcurrentDictionary<(int Partition, long Offset), int>();
        using var stop = new CancellationTokenSource(Deadline);

        var consumers = Enumerable.Range(0, 3).Select(i => RunConsumerAsync("three", "g3", $"c{i}", seen, stop.Token)).ToList();
        await WaitForAssignmentsAsync(("c0", 2), ("c1", 2), ("c2", 2));
        Produce("three", 600);
        await WaitUntilAsync(() => seen.Count >= 600);
        await stop.CancelAsync();
        var assignments = await Task.WhenAll(consumers);

        Assert.Equal(600, seen.Count);
        Assert.All(seen.Values, times => Assert.Equal(1, times));
        Assert.Equal(6, assignments.Sum(a => a.Count));
        Assert.All(assignments, a => Assert.Equal(2, a.Count));
    }

    [Fact]
    public async Task When_a_member_leaves_the_others_take_over_its_partitions_from_the_committed_offsets()
    {
        await CreateTopicAsync("leave", 6);
        var seen = new ConcurrentDictionary<(int Partition, long Offset), int>();
        using var stayers = new CancellationTokenSource(Deadline);
        using var leaver = new CancellationTokenSource(Deadline);

        var staying = Enumerable.Range(0, 2).Select(i => RunConsumerAsync("leave", "gl", $"stay{i}", seen, stayers.Token)).ToList();
        var leaving = RunConsumerAsync("leave", "gl", "leaver", seen, leaver.Token);
        await WaitForAssignmentsAsync(("stay0", 2), ("stay1", 2), ("leaver", 2));
        Produce("leave", 300);
        await WaitUntilAsync(() => seen.Count >= 300);
        await leaver.CancelAsync();
        await leaving;
        Produce("leave", 300);
        await WaitUntilAsync(() => seen.Count >= 600);
        await stayers.CancelAsync();
        var assignments = await Task.WhenAll(staying);

        Assert.Equal(600, seen.Count);
        Assert.All(seen.Values, times => Assert.Equal(1, times));
        Assert.Equal(6, assignments.Sum(a => a.Count));
    }

    [Fact]
    public async Task A_member_that_dies_without_leaving_is_expelled_after_its_session_timeout()
    {
        await CreateTopicAsync("dies", 6);
        using var survivor = Consumer("gd", "survivor");
        survivor.Subscribe("dies");
        var doomed = Consumer("gd", "doomed");
        doomed.Subscribe("dies");
        await WaitUntilAsync(() =>
        {
            survivor.Consume(TimeSpan.FromMilliseconds(50));
            doomed.Consume(TimeSpan.FromMilliseconds(50));
            return survivor.Assignment.Count == 3 && doomed.Assignment.Count == 3;
        });

        doomed.Dispose();
        await WaitUntilAsync(() =>
        {
            survivor.Consume(TimeSpan.FromMilliseconds(100));
            return survivor.Assignment.Count == 6;
        });

        var group = await DescribeAsync("gd");
        Assert.Single(group.Members);
        survivor.Close();
    }

    [Fact]
    public async Task Committed_offsets_are_intact_after_a_broker_restart()
    {
        await CreateTopicAsync("restart", 2);
        Produce("restart", 100);
        var seen = new ConcurrentDictionary<(int Partition, long Offset), int>();
        using (var first = new CancellationTokenSource(Deadline))
        {
            var consumer = RunConsumerAsync("restart", "gr", "before", seen, first.Token);
            await WaitUntilAsync(() => seen.Count >= 100);
            await first.CancelAsync();
            await consumer;
        }

        await _host.RestartAsync();
        using var admin = Admin();
        var committed = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("gr", null)])).Single().Partitions;
        Produce("restart", 50);
        using var second = new CancellationTokenSource(Deadline);
        var after = RunConsumerAsync("restart", "gr", "after", seen, second.Token);
        await WaitUntilAsync(() => seen.Count >= 150);
        await second.CancelAsync();
        await after;

        Assert.Equal(100, committed.Sum(c => c.Offset.Value));
        Assert.Equal(150, seen.Count);
        Assert.All(seen.Values, times => Assert.Equal(1, times));
    }

    [Fact]
    public async Task Cooperative_sticky_members_hand_over_only_the_partitions_that_move()
    {
        await CreateTopicAsync("coop", 6);
        var revokedFromFirst = new ConcurrentBag<TopicPartition>();
        using var first = new ConsumerBuilder<string, string>(Config("gc", "first", PartitionAssignmentStrategy.CooperativeSticky))
            .SetPartitionsRevokedHandler((_, revoked) => revoked.ForEach(r => revokedFromFirst.Add(r.TopicPartition)))
            .Build();
        first.Subscribe("coop");
        await WaitUntilAsync(() =>
        {
            first.Consume(TimeSpan.FromMilliseconds(50));
            return first.Assignment.Count == 6;
        });
        var before = first.Assignment.ToHashSet();

        using var second = Consumer("gc", "second", PartitionAssignmentStrategy.CooperativeSticky);
        second.Subscribe("coop");
        await WaitUntilAsync(() =>
        {
            first.Consume(TimeSpan.FromMilliseconds(50));
            second.Consume(TimeSpan.FromMilliseconds(50));
            return first.Assignment.Count == 3 && second.Assignment.Count == 3;
        });

        Assert.Equal(3, revokedFromFirst.Count);
        Assert.Subset(before, first.Assignment.ToHashSet());
        Assert.Empty(revokedFromFirst.Intersect(first.Assignment));
        first.Close();
        second.Close();
    }

    [Fact]
    public async Task A_restarted_static_member_rejoins_without_a_rebalance()
    {
        await CreateTopicAsync("static", 4);
        var firstAssignments = 0;
        var firstRevocations = 0;
        using var first = new ConsumerBuilder<string, string>(Config("gs", "first", instanceId: "instance-1"))
            .SetPartitionsAssignedHandler((_, _) => Interlocked.Increment(ref firstAssignments))
            .SetPartitionsRevokedHandler((_, _) => Interlocked.Increment(ref firstRevocations))
            .Build();
        first.Subscribe("static");
        var second = Consumer("gs", "second", instanceId: "instance-2");
        second.Subscribe("static");
        await WaitUntilAsync(() =>
        {
            first.Consume(TimeSpan.FromMilliseconds(50));
            second.Consume(TimeSpan.FromMilliseconds(50));
            return first.Assignment.Count == 2 && second.Assignment.Count == 2;
        });
        var settledAssignments = Volatile.Read(ref firstAssignments);
        var settledRevocations = Volatile.Read(ref firstRevocations);
        var secondPartitions = second.Assignment.ToHashSet();

        second.Close();
        second.Dispose();
        using var restarted = Consumer("gs", "second-again", instanceId: "instance-2");
        restarted.Subscribe("static");
        await WaitUntilAsync(() =>
        {
            first.Consume(TimeSpan.FromMilliseconds(50));
            restarted.Consume(TimeSpan.FromMilliseconds(50));
            return restarted.Assignment.Count == 2;
        });

        Assert.Equal(secondPartitions, restarted.Assignment.ToHashSet());
        Assert.Equal(settledAssignments, Volatile.Read(ref firstAssignments));
        Assert.Equal(settledRevocations, Volatile.Read(ref firstRevocations));
        Assert.Equal("Stable", (await DescribeAsync("gs")).State.ToString());
        first.Close();
        restarted.Close();
    }

    private Task<List<TopicPartition>> RunConsumerAsync(string topic, string groupId, string clientId, ConcurrentDictionary<(int, long), int> seen, CancellationToken stop) =>
        Task.Factory.StartNew(() =>
        {
            using var consumer = Consumer(groupId, clientId);
            consumer.Subscribe(topic);
            var owned = new List<TopicPartition>();
            while (!stop.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is not null)
                {
                    seen.AddOrUpdate((result.Partition.Value, result.Offset.Value), 1, (_, n) => n + 1);
                }

                owned = consumer.Assignment;
                _assigned[clientId] = owned.Count;
            }

            consumer.Close();
            return owned;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private Task WaitForAssignmentsAsync(params (string ClientId, int Partitions)[] expected) =>
        WaitUntilAsync(() => expected.All(e => _assigned.TryGetValue(e.ClientId, out var count) && count == e.Partitions));

    private IConsumer<string, string> Consumer(string groupId, string clientId, PartitionAssignmentStrategy strategy = PartitionAssignmentStrategy.Range, string? instanceId = null) =>
        new ConsumerBuilder<string, string>(Config(groupId, clientId, strategy, instanceId)).Build();

    private ConsumerConfig Config(string groupId, string clientId, PartitionAssignmentStrategy strategy = PartitionAssignmentStrategy.Range, string? instanceId = null) => new()
    {
        BootstrapServers = _host.BootstrapServers,
        GroupId = groupId,
        ClientId = clientId,
        GroupInstanceId = instanceId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        PartitionAssignmentStrategy = strategy,
        SessionTimeoutMs = 3000,
        HeartbeatIntervalMs = 300,
        AutoCommitIntervalMs = 200,
        TopicMetadataRefreshIntervalMs = 1000,
    };

    private IAdminClient Admin() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _host.BootstrapServers }).Build();

    private async Task CreateTopicAsync(string topic, int partitions)
    {
        using var admin = Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    private async Task<ConsumerGroupDescription> DescribeAsync(string groupId)
    {
        using var admin = Admin();
        return (await admin.DescribeConsumerGroupsAsync([groupId])).ConsumerGroupDescriptions.Single();
    }

    private void Produce(string topic, int count)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _host.BootstrapServers, LingerMs = 5 }).Build();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(topic, new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Poll.UntilAsync(condition, Deadline);
}
