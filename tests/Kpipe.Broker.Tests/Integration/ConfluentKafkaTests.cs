using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Broker.Tests.Integration;

/// <summary>
/// Confluent.Kafka (librdkafka) against the embedded broker: admin, producer, consumer with manual assignment. The tests
/// in Category External need no broker internals and run against <c>KPIPE_TEST_BOOTSTRAP</c> when it is set.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConfluentKafkaTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    /// <summary>The cluster the External tests use: <c>KPIPE_TEST_BOOTSTRAP</c>, else this test's embedded broker.</summary>
    private string ClientBootstrap => Environment.GetEnvironmentVariable("KPIPE_TEST_BOOTSTRAP") is { Length: > 0 } external ? external : _broker.BootstrapServers;

    [Fact]
    public async Task Admin_creates_describes_and_deletes_topics()
    {
        using var admin = Admin(_broker.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "admin-a", NumPartitions = 3, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "3600000" } }]);

        var metadata = admin.GetMetadata("admin-a", Timeout);
        Assert.Equal(3, metadata.Topics.Single().Partitions.Count);
        Assert.Equal(1, metadata.Brokers.Single().BrokerId);

        var configs = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = "admin-a" }]);
        var retention = configs.Single().Entries["retention.ms"];
        Assert.Equal("3600000", retention.Value);
        Assert.Equal(ConfigSource.DynamicTopicConfig, retention.Source);
        Assert.Equal(ConfigSource.DefaultConfig, configs.Single().Entries["cleanup.policy"].Source);

        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "admin-a", IncreaseTo = 5 }]);
        Assert.Equal(5, admin.GetMetadata("admin-a", Timeout).Topics.Single().Partitions.Count);

        var cluster = await admin.DescribeClusterAsync();
        Assert.Equal(1, cluster.Controller.Id);

        await admin.DeleteTopicsAsync(["admin-a"]);
        Assert.DoesNotContain(admin.GetMetadata(Timeout).Topics, t => t.Topic == "admin-a");
    }

    [Fact]
    public async Task Admin_replication_factor_above_one_is_refused_with_a_single_node_message()
    {
        using var admin = Admin(_broker.BootstrapServers);
        var e = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new TopicSpecification { Name = "rf3", NumPartitions = 1, ReplicationFactor = 3 }]));
        var result = e.Results.Single();
        Assert.Equal(ErrorCode.InvalidReplicationFactor, result.Error.Code);
        Assert.Contains("single-node", result.Error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Category", "External")]
    [InlineData(Acks.None, CompressionType.None)]
    [InlineData(Acks.Leader, CompressionType.None)]
    [InlineData(Acks.All, CompressionType.None)]
    [InlineData(Acks.All, CompressionType.Gzip)]
    [InlineData(Acks.All, CompressionType.Snappy)]
    [InlineData(Acks.All, CompressionType.Lz4)]
    [InlineData(Acks.All, CompressionType.Zstd)]
    public async Task Producer_records_read_back_byte_exact_with_keys_headers_and_timestamps(Acks acks, CompressionType compression)
    {
        var topic = await CreateTopicAsync(ClientBootstrap, $"rt-{acks}-{compression}".ToLowerInvariant());
        var sent = await ProduceAsync(ClientBootstrap, topic, 200, acks, compression);
        var received = Consume(ClientBootstrap, topic, sent.Count);
        AssertSame(sent, received);
    }

    [Fact]
    public async Task Records_survive_a_broker_restart_on_the_same_data_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kpipe-wire-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await TestBroker.StartAsync(dataDirectory: directory);
            var sent = await ProduceAsync(first.BootstrapServers, "durable", 300, Acks.All, CompressionType.Lz4);
            await first.StopKeepingDataAsync();

            await using var second = await TestBroker.StartAsync(dataDirectory: directory);
            AssertSame(sent, Consume(second.BootstrapServers, "durable", sent.Count));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "External")]
    public async Task Consumer_waiting_at_the_end_receives_a_record_appended_later()
    {
        var topic = await CreateTopicAsync(ClientBootstrap, "live");
        await ProduceAsync(ClientBootstrap, topic, 1, Acks.All, CompressionType.None);
        using var consumer = Consumer(ClientBootstrap);
        consumer.Assign(new TopicPartitionOffset(topic, 0, 1));
        var pending = Task.Run(() => consumer.Consume(Timeout));
        await ProduceAsync(ClientBootstrap, topic, 1, Acks.All, CompressionType.None);
        var result = await pending;
        Assert.NotNull(result);
        Assert.Equal(1, result.Offset.Value);
    }

    /// <summary>A one-partition topic with a name no other run uses, so tests can share an external cluster.</summary>
    private static async Task<string> CreateTopicAsync(string bootstrap, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        using var admin = Admin(bootstrap);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = 1, ReplicationFactor = 1 }]);
        return name;
    }

    private static IAdminClient Admin(string bootstrap) => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();

    private static IConsumer<byte[], byte[]> Consumer(string bootstrap) => new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
    {
        BootstrapServers = bootstrap,
        GroupId = "wire-tests",
        EnableAutoCommit = false,
        EnablePartitionEof = true,
        FetchWaitMaxMs = 100,
    }).Build();

    private static async Task<List<Message<byte[], byte[]>>> ProduceAsync(string bootstrap, string topic, int count, Acks acks, CompressionType compression)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = acks,
            CompressionType = compression,
            EnableIdempotence = false,
            LingerMs = 5,
        }).Build();
        var sent = new List<Message<byte[], byte[]>>();
        var baseTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        for (var i = 0; i < count; i++)
        {
            var message = new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes($"key-{i}"),
                Value = Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), 50 + (i % 100))),
                Timestamp = new Timestamp(baseTime.AddMilliseconds(i)),
                Headers = new Headers { { "h", Encoding.UTF8.GetBytes($"v{i}") }, { "empty", [] } },
            };
            producer.Produce(topic, message);
            sent.Add(message);
        }

        Assert.Equal(0, producer.Flush(Timeout));
        await Task.CompletedTask;
        return sent;
    }

    private static List<ConsumeResult<byte[], byte[]>> Consume(string bootstrap, string topic, int expected)
    {
        using var consumer = Consumer(bootstrap);
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var received = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + Timeout;
        while (received.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is { IsPartitionEOF: false })
            {
                received.Add(result);
            }
        }

        return received;
    }

    private static void AssertSame(List<Message<byte[], byte[]>> sent, List<ConsumeResult<byte[], byte[]>> received)
    {
        Assert.Equal(sent.Count, received.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var got = received[i];
            Assert.Equal(i, got.Offset.Value);
            Assert.Equal(sent[i].Key, got.Message.Key);
            Assert.Equal(sent[i].Value, got.Message.Value);
            Assert.Equal(sent[i].Timestamp.UnixTimestampMs, got.Message.Timestamp.UnixTimestampMs);
            Assert.Equal(TimestampType.CreateTime, got.Message.Timestamp.Type);
            Assert.Equal(sent[i].Headers.Select(h => (h.Key, h.GetValueBytes())), got.Message.Headers.Select(h => (h.Key, h.GetValueBytes())));
        }
    }
}
