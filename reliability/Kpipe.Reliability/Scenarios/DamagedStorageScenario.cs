using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Kpipe.Reliability;

/// <summary>
/// Damages a real broker's data directory between a SIGKILL and a restart, one kind of damage per run, and checks with
/// Confluent.Kafka (check.crcs=true) that the broker starts, logs one repair line, and serves only whole, CRC-valid batches.
/// </summary>
public sealed partial class DamagedStorageScenario : IScenario
{
    private const string Topic = "damaged";
    private const string Group = "damaged-readers";

    /// <inheritdoc />
    public string Name => "damaged-storage";

    /// <inheritdoc />
    public string Title => "Damaged storage: repair at restart";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var records = campaign.Count(2_000, 20_000);
        var figures = new List<Figure>();
        var crcErrors = 0;
        foreach (var damage in StorageDamage.All(Topic))
        {
            try
            {
                var (figure, errors) = await RunOneAsync(campaign, damage, records, cancellationToken);
                figures.Add(figure);
                crcErrors += errors;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or KafkaException)
            {
                figures.Add(new Figure(damage.Name, $"no: {e.GetType().Name}: {e.Message}", Passed: false));
            }
        }

        figures.Add(new Figure("batches failing their CRC served to the consumer (all kinds)", crcErrors.ToString(CultureInfo.InvariantCulture), crcErrors == 0));
        var method = $"For each kind of damage: a fresh broker process (`kpipe broker start`, default fsync) gets {records:N0} records "
            + $"on a one-partition topic from a Confluent.Kafka producer (acks=all), a group commits offset {records / 4:N0} then {records / 2:N0}; "
            + "the broker is SIGKILLed, the damage is done to its data directory, and it is started again. A figure passes when the broker "
            + "started, logged exactly one line starting with \"Repaired\" that names the damaged file, a Confluent.Kafka consumer with "
            + "check.crcs=true read contiguous offsets from 0 with no error up to the log end, records were lost only where the repair cut "
            + "the log (and exactly as many as its line says), and the group's committed offset is the last one (the one before it for the "
            + "offsets-file damage). Corrupt bytes in a segment below the recovery point are not re-read at startup; that case is covered "
            + "by the broker's unit tests (the read path refuses to serve the batch).";
        return new ScenarioResult(figures, method);
    }

    private static async Task<(Figure Figure, int CrcErrors)> RunOneAsync(Campaign campaign, StorageDamage damage, int records, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("kpipe-damaged-").FullName;
        try
        {
            await using (var broker = await BrokerProcess.StartAsync(campaign, data))
            {
                Produce(broker.Bootstrap, records);
                Commit(broker.Bootstrap, records / 4);
                Commit(broker.Bootstrap, records / 2);
                await broker.KillAsync();
            }

            damage.Damage(data);
            await using var restarted = await BrokerProcess.StartAsync(campaign, data);
            var repairs = restarted.LogLines.Where(l => l.Contains("Repaired", StringComparison.Ordinal)).ToList();
            var read = Consume(restarted.Bootstrap, cancellationToken);
            var committed = Committed(restarted.Bootstrap);
            return (Judge(damage, records, repairs, read, committed), read.CrcErrors);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static Figure Judge(StorageDamage damage, int records, List<string> repairs, ReadOutcome read, long committed)
    {
        // A SIGKILL can itself interrupt a checkpoint write and leave its temporary: removing it is a repair of its own.
        var problems = new List<string>();
        var named = repairs.Where(l => l.Contains(damage.File, StringComparison.Ordinal)).ToList();
        var unexplained = repairs.Except(named).Where(l => !l.Contains("a temporary left by an interrupted write", StringComparison.Ordinal)).ToList();
        if (named.Count != 1 || unexplained.Count > 0)
        {
            problems.Add($"{named.Count} repair lines naming {damage.File}, {unexplained.Count} others ({string.Join(" | ", repairs)})");
        }

        if (read.Error is not null)
        {
            problems.Add("consumer error: " + read.Error);
        }

        if (!read.Contiguous)
        {
            problems.Add("offsets not contiguous from 0");
        }

        var lost = records - read.Records;
        var cut = named.Count == 1 ? DroppedRecords().Match(named[0]) : Match.Empty;
        if (damage.MayDropRecords
            ? !cut.Success || long.Parse(cut.Groups[2].Value, CultureInfo.InvariantCulture) != read.Records || long.Parse(cut.Groups[1].Value, CultureInfo.InvariantCulture) != lost
            : lost != 0)
        {
            problems.Add($"{lost} records lost");
        }

        var expectedCommit = damage.DropsLastCommit ? records / 4 : records / 2;
        if (committed != expectedCommit)
        {
            problems.Add($"committed offset {committed}, expected {expectedCommit}");
        }

        var value = $"started, 1 repair line; served offsets 0–{read.Records - 1:N0} ({lost:N0} of {records:N0} records dropped by the repair), "
            + $"committed offset {committed:N0}";
        return new Figure(damage.Name, problems.Count == 0 ? value : "no: " + string.Join("; ", problems), problems.Count == 0);
    }

    private static void Produce(string bootstrap, int records)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            BatchNumMessages = 20,
        }).Build();
        var failed = 0;
        for (var i = 0; i < records; i++)
        {
            producer.Produce(Topic, new Message<Null, string> { Value = $"record-{i:D8}-" + new string('v', 80) }, r => failed += r.Error.IsError ? 1 : 0);
        }

        if (producer.Flush(TimeSpan.FromSeconds(60)) != 0 || failed != 0)
        {
            throw new InvalidOperationException($"producing the {records} records failed ({failed} errors)");
        }
    }

    private static IConsumer<Ignore, string> Consumer(string bootstrap) => new ConsumerBuilder<Ignore, string>(new ConsumerConfig
    {
        BootstrapServers = bootstrap,
        GroupId = Group,
        EnableAutoCommit = false,
        CheckCrcs = true,
        EnablePartitionEof = true,
    }).Build();

    private static void Commit(string bootstrap, long offset)
    {
        using var consumer = Consumer(bootstrap);
        consumer.Commit([new TopicPartitionOffset(Topic, 0, offset)]);
    }

    private static long Committed(string bootstrap)
    {
        using var consumer = Consumer(bootstrap);
        return consumer.Committed([new TopicPartition(Topic, 0)], TimeSpan.FromSeconds(30)).Single().Offset.Value;
    }

    private static ReadOutcome Consume(string bootstrap, CancellationToken cancellationToken)
    {
        using var consumer = Consumer(bootstrap);
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        long next = 0;
        var contiguous = true;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = consumer.Consume(TimeSpan.FromSeconds(1));
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    return new ReadOutcome(next, contiguous, 0, null);
                }

                contiguous &= result.Offset.Value == next;
                next = result.Offset.Value + 1;
            }
            catch (ConsumeException e)
            {
                var crc = e.Error.Code is ErrorCode.Local_BadMsg or ErrorCode.InvalidMsg ? 1 : 0;
                return new ReadOutcome(next, contiguous, crc, $"{e.Error.Code}: {e.Error.Reason}");
            }
        }

        return new ReadOutcome(next, contiguous, 0, "no end of partition within 60 s");
    }

    [GeneratedRegex(@"and (\d+) records from offset (\d+) on")]
    private static partial Regex DroppedRecords();

    private readonly record struct ReadOutcome(long Records, bool Contiguous, int CrcErrors, string? Error);
}
