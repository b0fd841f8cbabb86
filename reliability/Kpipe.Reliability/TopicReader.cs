using Confluent.Kafka;

namespace Kpipe.Reliability;

/// <summary>Reads every record of a topic back with a Confluent.Kafka consumer, from the start of each partition to its end.</summary>
public static class TopicReader
{
    /// <summary>Every record's value by (partition, offset); throws when the end of each partition is not reached within <paramref name="timeout"/>.</summary>
    public static Dictionary<(int Partition, long Offset), string> ReadAll(string bootstrap, string topic, int partitions, TimeSpan timeout)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reliability-reader",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchMaxBytes = 16 * 1024 * 1024,
        };
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new Dictionary<(int, long), string>();
        var ended = new HashSet<int>();
        using var deadline = new CancellationTokenSource(timeout);
        while (ended.Count < partitions)
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"read {records.Count} records of {topic}, then reached the end of only {ended.Count} of {partitions} partitions within {timeout.TotalSeconds} s");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
                continue;
            }

            ended.Remove(result.Partition.Value);
            records[(result.Partition.Value, result.Offset.Value)] = result.Message.Value;
        }

        consumer.Close();
        return records;
    }
}
