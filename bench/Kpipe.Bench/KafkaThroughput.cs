using System.Diagnostics;
using Confluent.Kafka;

namespace Kpipe.Bench;

/// <summary>Produces and consumes fixed-size records with Confluent.Kafka and reports records per second.</summary>
public static class KafkaThroughput
{
    /// <summary>Produces <paramref name="count"/> records of <paramref name="size"/> bytes and waits for every delivery.</summary>
    public static double Produce(ProducerConfig config, string topic, int count, int size)
    {
        var payload = new byte[size];
        new Random(42).NextBytes(payload);
        var failed = 0;
        Action<DeliveryReport<Null, byte[]>> onDelivery = report =>
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
            }
        };
        using var producer = new ProducerBuilder<Null, byte[]>(config).Build();
        var clock = Stopwatch.StartNew();
        var message = new Message<Null, byte[]> { Value = payload };
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, onDelivery);
                    break;
                }
                catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }
        producer.Flush(TimeSpan.FromMinutes(5));
        clock.Stop();
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {count} deliveries failed");
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Reads <paramref name="count"/> records from partition 0 from the beginning, by manual assignment; the rate runs
    /// from the first record to the last, and <paramref name="firstRecord"/> is the time from Assign to the first record.
    /// </summary>
    public static double Consume(string bootstrap, string topic, int count, out TimeSpan firstRecord)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "kpipe-bench",
            EnableAutoCommit = false,
            EnablePartitionEof = false,
            // The client's own throughput setting: skip marshalling topic names, timestamps and headers the benchmark does not read.
            ConsumeResultFields = "none",
        };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var sinceAssign = Stopwatch.StartNew();
        _ = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("no record within 30 s of Assign");
        firstRecord = sinceAssign.Elapsed;
        var clock = Stopwatch.StartNew();
        for (var seen = 1; seen < count; seen++)
        {
            _ = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"consumed {seen} of {count}, then nothing for 30 s");
        }
        clock.Stop();
        consumer.Close();
        return (count - 1) / clock.Elapsed.TotalSeconds;
    }
}
