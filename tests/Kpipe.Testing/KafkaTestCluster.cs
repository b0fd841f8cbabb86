using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Testing;

/// <summary>
/// A Kafka with consumer groups for tests that reach it only through clients: the cluster named by
/// <c>KPIPE_TEST_BOOTSTRAP</c> when set, otherwise a <see cref="TestBroker"/> set up for clients.
/// </summary>
public sealed class KafkaTestCluster : IAsyncDisposable
{
    /// <summary>The variable naming an external cluster to run these tests against instead of an embedded broker.</summary>
    public const string BootstrapVariable = "KPIPE_TEST_BOOTSTRAP";

    private readonly TestBroker? _broker;

    private KafkaTestCluster(string bootstrapServers, TestBroker? broker)
    {
        BootstrapServers = bootstrapServers;
        _broker = broker;
    }

    /// <summary>Connects to <c>KPIPE_TEST_BOOTSTRAP</c> or starts an embedded broker whose groups form without delay.</summary>
    public static async Task<KafkaTestCluster> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(BootstrapVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new KafkaTestCluster(external, broker: null);
        }

        var broker = await TestBroker.StartAsync(TestBroker.ForClients);
        return new KafkaTestCluster(broker.BootstrapServers, broker);
    }

    /// <summary>The host:port other clients connect to.</summary>
    public string BootstrapServers { get; }

    /// <summary>A topic or group name that no other test (nor an earlier run on a shared cluster) uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Creates a topic with a name no other test (or earlier run on a shared cluster) uses.</summary>
    public async Task<string> CreateTopicAsync(int partitions)
    {
        var name = UniqueName("jobs");
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = 1 }]);
        return name;
    }

    /// <summary>Produces values (keyed by index, spread over partitions round-robin) and waits for every acknowledgement.</summary>
    public async Task ProduceAsync(string topic, int partitions, IEnumerable<string> values)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 5 }).Build();
        var i = 0;
        var pending = new List<Task>();
        foreach (var value in values)
        {
            var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), Value = Encoding.UTF8.GetBytes(value) };
            pending.Add(producer.ProduceAsync(new TopicPartition(topic, new Partition(i % partitions)), message));
            i++;
        }
        await Task.WhenAll(pending);
    }

    /// <summary>The group's committed offsets for a topic's partitions (Offset.Unset where nothing is committed).</summary>
    public IReadOnlyList<TopicPartitionOffset> Committed(string group, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group }).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, new Partition(p))), TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
