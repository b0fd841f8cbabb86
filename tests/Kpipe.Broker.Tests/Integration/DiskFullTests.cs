using System.Text;
using Confluent.Kafka;

namespace Kpipe.Broker.Tests.Integration;

/// <summary>
/// A real full disk (an 8 MiB tmpfs) under a broker driven by Confluent.Kafka: produce answers KAFKA_STORAGE_ERROR
/// while fetches, metadata and group traffic go on, and writes resume with contiguous offsets once space returns.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DiskFullTests
{
    private const string Topic = "full";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task A_full_disk_fails_produce_with_a_storage_error_keeps_reads_and_resumes_when_space_returns()
    {
        using var disk = TmpfsMount.TryMount(8, out var reason);
        Skip.If(disk is null, reason);
        var dataDirectory = Path.Combine(disk.Path, "data");
        await using var broker = await TestBroker.StartAsync(TestBroker.ForClients, dataDirectory);
        using var producer = Producer(broker.BootstrapServers);
        var acked = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            acked.Add((await producer.ProduceAsync(Topic, Message($"before-{i}"))).Offset.Value);
        }

        using var consumer = Consumer(broker.BootstrapServers);
        consumer.Commit([new TopicPartitionOffset(Topic, 0, 5)]);

        disk.Fill();
        var error = await ProduceUntilRefusedAsync(producer, acked);
        var ackedDuringFault = acked.ToList();
        var readDuringFault = ReadAll(consumer, acked.Count);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(Topic, Timeout);
        var commitDuringFault = Record.Exception(() => consumer.Commit([new TopicPartitionOffset(Topic, 0, 9)]));
        disk.Free();
        var resumed = await ProduceOnceSpaceReturnsAsync(producer, acked);

        Assert.Equal(ErrorCode.KafkaStorageError, error);
        Assert.Equal(ackedDuringFault, readDuringFault.Select(m => m.Offset.Value));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"before-{i}"), readDuringFault.Take(20).Select(m => m.Message.Value));
        Assert.Contains(metadata.Topics, t => t.Topic == Topic);
        // A commit record small enough for the offsets file's last page may still be written; one that is not fails
        // with NOT_COORDINATOR (retriable), and either way the file stays readable with the right offset.
        Assert.True(commitDuringFault is null || commitDuringFault is KafkaException { Error.Code: ErrorCode.NotCoordinatorForGroup }, commitDuringFault?.Message);
        Assert.True(resumed);
        Assert.Equal(Enumerable.Range(0, acked.Count).Select(i => (long)i), acked);
        Assert.Equal(acked.Count, ReadAll(consumer, acked.Count).Count);
        Assert.Equal(commitDuringFault is null ? 9 : 5, consumer.Committed([new TopicPartition(Topic, 0)], Timeout).Single().Offset.Value);
    }

    private static async Task<bool> ProduceOnceSpaceReturnsAsync(IProducer<Null, string> producer, List<long> acked)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await TryProduceAsync(producer, "after") is { } offset)
            {
                acked.Add(offset);
                return true;
            }
        }

        return false;
    }

    private static async Task<ErrorCode> ProduceUntilRefusedAsync(IProducer<Null, string> producer, List<long> acked)
    {
        // The segment's last page may still take a few small batches before the filesystem refuses a write.
        for (var i = 0; i < 10_000; i++)
        {
            try
            {
                acked.Add((await producer.ProduceAsync(Topic, Message(new string('x', 1000)))).Offset.Value);
            }
            catch (ProduceException<Null, string> e)
            {
                return e.Error.Code;
            }
        }

        return ErrorCode.NoError;
    }

    private static async Task<long?> TryProduceAsync(IProducer<Null, string> producer, string value)
    {
        try
        {
            return (await producer.ProduceAsync(Topic, Message(value))).Offset.Value;
        }
        catch (ProduceException<Null, string>)
        {
            return null;
        }
    }

    private static List<ConsumeResult<Ignore, string>> ReadAll(IConsumer<Ignore, string> consumer, int count)
    {
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var read = new List<ConsumeResult<Ignore, string>>();
        var deadline = DateTime.UtcNow + Timeout;
        while (read.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                read.Add(result);
            }
        }

        return read;
    }

    private static Message<Null, string> Message(string value) => new() { Value = value };

    private static IProducer<Null, string> Producer(string bootstrap) => new ProducerBuilder<Null, string>(new ProducerConfig
    {
        BootstrapServers = bootstrap,
        Acks = Acks.All,
        EnableIdempotence = false,
        MessageSendMaxRetries = 0,
        MessageTimeoutMs = 10_000,
        LingerMs = 0,
    }).Build();

    private static IConsumer<Ignore, string> Consumer(string bootstrap) => new ConsumerBuilder<Ignore, string>(new ConsumerConfig
    {
        BootstrapServers = bootstrap,
        GroupId = "full-readers",
        EnableAutoCommit = false,
        CheckCrcs = true,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    }).Build();
}
