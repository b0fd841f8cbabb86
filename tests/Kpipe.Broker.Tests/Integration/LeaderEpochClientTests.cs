using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Kpipe.Broker.Tests.Integration;

/// <summary>
/// librdkafka (Confluent.Kafka) sees leader epoch 0 as from Kafka: on every record, in committed positions, and in seeks
/// that name an epoch. librdkafka 2.16 skips OffsetForLeaderEpoch in these flows (it validates after a leader change,
/// which a single node never has), so that API is checked on the wire in HandlerSemanticsTests.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LeaderEpochClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Records_carry_epoch_zero_and_positions_with_epoch_zero_resume_after_a_commit_and_a_seek()
    {
        const string topic = "epoch-validated";
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = "v" + i });
            }
        }

        var group = "epochs-" + Guid.NewGuid().ToString("N");
        using (var first = Consumer(group, new ConcurrentQueue<string>()))
        {
            first.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
            ConsumeResult<Ignore, string>? third = null;
            for (var i = 0; i < 3; i++)
            {
                third = first.Consume(Timeout);
                Assert.NotNull(third);
                Assert.Equal(0, third.LeaderEpoch);
            }

            first.Commit([new TopicPartitionOffset(third!.TopicPartition, third.Offset + 1, third.LeaderEpoch)]);
        }

        var protocolLog = new ConcurrentQueue<string>();
        using var second = Consumer(group, protocolLog);
        second.Subscribe(topic);
        var resumed = second.Consume(Timeout);

        Assert.NotNull(resumed);
        Assert.Equal((3L, "v3", (int?)0), (resumed.Offset.Value, resumed.Message.Value, resumed.LeaderEpoch));

        second.Seek(new TopicPartitionOffset(resumed.TopicPartition, 1, 0));
        var sought = second.Consume(Timeout);

        Assert.NotNull(sought);
        Assert.Equal((1L, "v1"), (sought.Offset.Value, sought.Message.Value));
        Assert.Equal(0, sought.LeaderEpoch);
        Assert.DoesNotContain(protocolLog, l => l.Contains("LEADER_EPOCH", StringComparison.Ordinal));
    }

    private IConsumer<Ignore, string> Consumer(string group, ConcurrentQueue<string> log) =>
        new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Error,
            EnableAutoCommit = false,
            Debug = "protocol,fetch",
        }).SetLogHandler((_, message) => log.Enqueue(message.Message)).Build();
}
