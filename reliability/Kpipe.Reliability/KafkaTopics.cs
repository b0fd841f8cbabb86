using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Reliability;

/// <summary>Creates a scenario's topics through a Confluent.Kafka admin client, as any Kafka user would.</summary>
public static class KafkaTopics
{
    /// <summary>Creates each of <paramref name="names"/> with <paramref name="partitions"/> partitions and replication factor 1.</summary>
    public static async Task CreateAsync(string bootstrap, IEnumerable<string> names, int partitions)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await admin.CreateTopicsAsync(names.Select(name => new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = 1 }));
    }
}
