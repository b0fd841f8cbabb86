using System.Diagnostics;
using Confluent.Kafka;

namespace Kpipe.Pipeline.Tests.Jobs;

public sealed class KafkaTestClusterTests
{
    [Fact]
    public async Task Mock_cluster_serves_a_subscribing_group_consumer()
    {
        using var cluster = new KafkaTestCluster();
        var topic = cluster.CreateTopic(2);
        await cluster.ProduceAsync(topic, 2, ["a", "b", "c"]);
        var sw = Stopwatch.StartNew();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "g", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false }).Build();
        consumer.Subscribe(topic);
        var seen = 0;
        while (seen < 3 && sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is not null) { seen++; consumer.Commit(r); }
        }
        consumer.Close();
        Assert.Equal(3, seen);
        var committed = cluster.Committed("g", topic, 2);
        Assert.Equal(3, committed.Sum(c => c.Offset.Value));
    }
}
