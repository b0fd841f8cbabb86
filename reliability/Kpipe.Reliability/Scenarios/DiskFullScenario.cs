using System.Diagnostics;
using Confluent.Kafka;
using Kpipe.Testing;

namespace Kpipe.Reliability;

/// <summary>
/// Fills the filesystem under a running broker process (a size-limited tmpfs) and measures what Confluent.Kafka
/// clients see while it is full and after the space comes back.
/// </summary>
public sealed class DiskFullScenario : IScenario
{
    private const string Topic = "disk-full";
    private const string Group = "disk-full-readers";
    private const int Megabytes = 16;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public string Name => "disk-full";

    /// <inheritdoc />
    public string Title => "Disk full: storage errors, then recovery without a restart";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        using var disk = TmpfsMount.TryMount(Megabytes, out var reason);
        if (disk is null)
        {
            return new ScenarioResult(
                [new Figure("filesystem", $"none: not run, {reason} (needs root or CAP_SYS_ADMIN)")],
                "The scenario needs a size-limited tmpfs and could not mount one here; the broker's unit tests cover the same path with an injected write failure.");
        }

        var fault = campaign.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
        await using var broker = await BrokerProcess.StartAsync(campaign, Path.Combine(disk.Path, "data"));
        using var producer = Producer(broker.Bootstrap);
        using var consumer = Consumer(broker.Bootstrap);
        var acked = new Dictionary<long, string>();
        for (var i = 0; i < 200; i++)
        {
            await ProduceAsync(producer, acked, $"before-{i}");
        }

        consumer.Commit([new TopicPartitionOffset(Topic, 0, 100)]);

        disk.Fill();
        var errors = new Dictionary<ErrorCode, int>();
        var readsDuringFault = 0L;
        var metadataAnswers = 0;
        var clock = Stopwatch.StartNew();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.Bootstrap }).Build();
        while (clock.Elapsed < fault)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ProduceAsync(producer, acked, $"during-{clock.ElapsedMilliseconds}") is { } code)
            {
                errors[code] = errors.GetValueOrDefault(code) + 1;
            }

            readsDuringFault += ReadAll(consumer).Count;
            metadataAnswers += admin.GetMetadata(Topic, Timeout).Topics.Count;
        }

        var commitError = TryCommit(consumer, 150);
        disk.Free();
        var freed = Stopwatch.StartNew();
        while (await ProduceAsync(producer, acked, "after-0") is not null && freed.Elapsed < Timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        var resumedAfter = freed.Elapsed;
        for (var i = 1; i < 100; i++)
        {
            await ProduceAsync(producer, acked, $"after-{i}");
        }

        var final = ReadAll(consumer);
        var lost = acked.Count(a => !final.TryGetValue(a.Key, out var value) || value != a.Value);
        var contiguous = final.Keys.Order().Select((offset, i) => offset == i).All(x => x);
        var committed = consumer.Committed([new TopicPartition(Topic, 0)], Timeout).Single().Offset.Value;
        var storageErrors = errors.GetValueOrDefault(ErrorCode.KafkaStorageError);
        Figure[] figures =
        [
            new("filesystem", $"tmpfs of {Megabytes} MiB filled by a filler file (real ENOSPC)"),
            new("produce errors seen by the producer during the fault",
                string.Join(", ", errors.Select(e => $"{e.Value:N0} × {e.Key} ({(int)e.Key})")) + $" in {fault.TotalSeconds:N0} s",
                storageErrors > 0 && errors.Count == 1),
            new("reads served during the fault", $"{readsDuringFault:N0} records fetched, {metadataAnswers:N0} metadata answers", readsDuringFault > 0 && metadataAnswers > 0),
            new("offset commit during the fault", commitError is null ? "succeeded" : $"failed with {commitError}; committed offset after the fault {committed}",
                committed == (commitError is null ? 150 : 100)),
            new("time from space freed to the first successful write", $"{resumedAfter.TotalMilliseconds:N0} ms", resumedAfter < Timeout),
            new("acknowledged records lost", $"{lost:N0} of {acked.Count:N0}", lost == 0),
            new("offsets contiguous after recovery", contiguous ? "yes" : "no", contiguous),
            new("broker stayed up", broker.HasExited ? "no" : "yes", !broker.HasExited),
        ];
        var method = $"A broker process runs on a {Megabytes} MiB tmpfs; a Confluent.Kafka producer (acks=all, no retries, so each refusal "
            + $"is seen) writes 200 records, a group commits offset 100, then a filler file takes every free byte. For {fault.TotalSeconds:N0} s "
            + "the producer keeps sending one record at a time (a few may still fit in the segment's last page) while a consumer with "
            + "check.crcs=true re-reads the partition and an admin client asks for metadata; the group then tries to commit offset 150. "
            + "The filler is deleted, the time to the first acknowledged write is measured, 99 more records are written, and the whole "
            + "partition is read back and compared with every acknowledged record.";
        return new ScenarioResult(figures, method);
    }

    private static async Task<ErrorCode?> ProduceAsync(IProducer<Null, string> producer, Dictionary<long, string> acked, string value)
    {
        try
        {
            var result = await producer.ProduceAsync(Topic, new Message<Null, string> { Value = value + new string('x', 500) });
            acked[result.Offset.Value] = result.Message.Value;
            return null;
        }
        catch (ProduceException<Null, string> e)
        {
            return e.Error.Code;
        }
    }

    private static string? TryCommit(IConsumer<Ignore, string> consumer, long offset)
    {
        try
        {
            consumer.Commit([new TopicPartitionOffset(Topic, 0, offset)]);
            return null;
        }
        catch (KafkaException e)
        {
            return $"{e.Error.Code} ({(int)e.Error.Code})";
        }
    }

    private static Dictionary<long, string> ReadAll(IConsumer<Ignore, string> consumer)
    {
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var read = new Dictionary<long, string>();
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is { IsPartitionEOF: true })
            {
                break;
            }

            if (result is not null)
            {
                read[result.Offset.Value] = result.Message.Value;
            }
        }

        return read;
    }

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
        GroupId = Group,
        EnableAutoCommit = false,
        CheckCrcs = true,
        EnablePartitionEof = true,
    }).Build();
}
