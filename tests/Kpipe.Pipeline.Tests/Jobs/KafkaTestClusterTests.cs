using System.Diagnostics;
using Confluent.Kafka;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Integration")]
[Trait("Category", "External")]
public sealed class KafkaTestClusterTests
{
    [Fact]
    public async Task Test_cluster_serves_a_subscribing_group_consumer()
    {
        await using var cluster = await KafkaTestCluster.StartAsync();
        var topic = await cluster.CreateTopicAsync(2);
        var group = $"g-{Guid.NewGuid():N}";
        await cluster.ProduceAsync(topic, 2, ["a", "b", "c"]);
        var sw = Stopwatch.StartNew();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = group, AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false }).Build();
        consumer.Subscribe(topic);
        var seen = 0;
        while (seen < 3 && sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is not null) { seen++; consumer.Commit(r); }
        }
        consumer.Close();
        Assert.Equal(3, seen);
        var committed = cluster.Committed(group, topic, 2);
        Assert.Equal(3, committed.Sum(c => c.Offset.Value));
    }
}
