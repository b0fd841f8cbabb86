using Confluent.Kafka;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>
/// A Kafka with consumer groups for the job tests: librdkafka's in-process mock cluster, reached through a bootstrap
/// address like any broker. The one place to switch these tests to the embedded broker.
/// </summary>
public sealed class KafkaTestCluster : IDisposable
{
    private readonly IProducer<byte[], byte[]> _host;
    private readonly IntPtr _cluster;
    private int _topicCounter;

    /// <summary>Starts a one-broker mock cluster owned by a hidden client handle.</summary>
    public KafkaTestCluster()
    {
        var config = new ProducerConfig { BootstrapServers = "localhost:1" };
        config.Set("test.mock.num.brokers", "1");
        _host = new ProducerBuilder<byte[], byte[]>(config).Build();
        using var admin = new DependentAdminClientBuilder(_host.Handle).Build();
        var broker = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers[0];
        BootstrapServers = $"{broker.Host}:{broker.Port}";
        _cluster = MockClusterNative.ClusterOf(_host.Handle);
        MockClusterNative.SetInitialRebalanceDelay(_cluster, 0);
    }

    /// <summary>
    /// Client settings the jobs under test need here: the mock cluster ignores LeaveGroup, so a restarted job waits for
    /// its predecessor's session to expire — kept to a second.
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientSettings { get; } = new Dictionary<string, string>
    {
        ["session.timeout.ms"] = "1000",
        ["heartbeat.interval.ms"] = "100",
    };

    /// <summary>The host:port other clients connect to.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a topic with a fresh name and the given partition count.</summary>
    public string CreateTopic(int partitions)
    {
        var name = $"t{Interlocked.Increment(ref _topicCounter)}-{Guid.NewGuid():N}"[..20];
        MockClusterNative.CreateTopic(_cluster, name, partitions);
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
            var message = new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Value = System.Text.Encoding.UTF8.GetBytes(value) };
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
    public void Dispose() => _host.Dispose();
}
