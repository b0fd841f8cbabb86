using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Reliability;

/// <summary>
/// Crash safety: the broker is SIGKILLed at random moments while several Confluent.Kafka producers (acks=all, most of
/// them idempotent) write to several partitions, and restarted on the same data each time; at the end every acknowledged
/// record must be at its acknowledged offset, in order, and idempotent producers' records stored once. One round set
/// runs with <c>--fsync always</c>, one with the default <c>--fsync interval</c> (a process crash leaves written data in
/// the page cache, so it must lose nothing either).
/// </summary>
public sealed class CrashScenario : IScenario
{
    private const string Topic = "crash";
    private const int Partitions = 4;
    private const int Producers = 4;
    private const int IdempotentProducers = 3;

    /// <inheritdoc />
    public string Name => "crash";

    /// <inheritdoc />
    public string Title => "Crash safety: SIGKILL during acks=all production";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var seed = Seed();
        var random = new Random(seed);
        var figures = new List<Figure> { new("random seed (RELIABILITY_SEED to repeat)", seed.ToString(CultureInfo.InvariantCulture)) };
        var always = await RunRoundsAsync(campaign, "always", campaign.Count(3, 20), random, cancellationToken);
        figures.AddRange(always.Figures("--fsync always"));
        var interval = await RunRoundsAsync(campaign, "interval", campaign.Count(2, 10), random, cancellationToken);
        figures.AddRange(interval.Figures("--fsync interval (default)"));
        var method = $"""
            Each round set starts `kpipe broker start --fsync <policy>` as a process on a fresh data directory, creates topic
            `{Topic}` with {Partitions} partitions, and runs {Producers} Confluent.Kafka producers at full speed with acks=all
            ({IdempotentProducers} with `enable.idempotence=true` and up to 5 requests in flight, 1 without idempotence and 1
            in flight); producer i sends payload "i:sequence" to partition sequence mod {Partitions} and records each delivery
            report's offset. Every 0.5–2.5 s (random) the broker is SIGKILLed and restarted on the same data directory and
            port; the producers stay up, reconnect and retry what was in flight. After the last restart the producers run on
            for a second and drain, and a consumer reads every partition back from the start. Lost: an acknowledged record
            not at its acknowledged partition and offset. Out of order: per producer and partition, a later sequence at a
            lower offset (in the acknowledgements or in the stored log). Duplicates: a payload stored twice. Restart time:
            from starting the process to its first ApiVersions answer, recovery included. A SIGKILL is a process crash: what
            an OS crash or power loss could lose under each policy is stated above, not measured here.
            """;
        return new ScenarioResult(figures, method);
    }

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : Random.Shared.Next();

    private static async Task<RoundSet> RunRoundsAsync(Campaign campaign, string fsync, int rounds, Random random, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("kpipe-crash-").FullName;
        var broker = await BrokerProcess.StartAsync(campaign, dataDirectory, 0, "--fsync", fsync);
        var producers = new List<SequencedProducer>();
        try
        {
            await CreateTopicAsync(broker.Bootstrap);
            producers.AddRange(Enumerable.Range(1, Producers).Select(id => new SequencedProducer(id, broker.Bootstrap, Topic, Partitions, idempotent: id <= IdempotentProducers)));
            using var stop = new CancellationTokenSource();
            var running = producers.Select(p => p.RunAsync(TimeSpan.FromSeconds(150), stop.Token)).ToList();
            var restarts = new List<TimeSpan>();
            for (var round = 0; round < rounds; round++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 2500)), cancellationToken);
                await broker.KillAsync();
                await broker.DisposeAsync();
                var clock = Stopwatch.StartNew();
                broker = await BrokerProcess.StartAsync(campaign, dataDirectory, broker.Port, "--fsync", fsync);
                restarts.Add(clock.Elapsed);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            await stop.CancelAsync();
            await Task.WhenAll(running);
            var stored = TopicReader.ReadAll(broker.Bootstrap, Topic, Partitions, TimeSpan.FromSeconds(120));
            var fatal = producers.Where(p => p.FatalError is not null).Select(p => $"producer {p.Id}: {p.FatalError}").ToList();
            return new RoundSet(rounds, DeliveryAudit.Of(producers, stored), restarts, fatal);
        }
        finally
        {
            foreach (var producer in producers)
            {
                producer.Dispose();
            }

            await broker.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task CreateTopicAsync(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = Partitions, ReplicationFactor = 1 }]);
    }

    /// <summary>What one round set measured.</summary>
    private sealed record RoundSet(int Rounds, DeliveryAudit Audit, IReadOnlyList<TimeSpan> Restarts, IReadOnlyList<string> FatalErrors)
    {
        public IEnumerable<Figure> Figures(string policy)
        {
            var audit = Audit;
            var sorted = Restarts.Order().ToList();
            yield return new Figure($"{policy}: SIGKILL rounds", Rounds.ToString(CultureInfo.InvariantCulture));
            yield return new Figure($"{policy}: acknowledged records", audit.Acknowledged.ToString("N0", CultureInfo.InvariantCulture));
            yield return new Figure($"{policy}: acknowledged records lost", $"{audit.Lost:N0} of {audit.Acknowledged:N0}", audit.Lost == 0);
            yield return new Figure($"{policy}: records out of order", audit.OutOfOrder.ToString("N0", CultureInfo.InvariantCulture), audit.OutOfOrder == 0);
            yield return new Figure($"{policy}: duplicates from idempotent producers", audit.IdempotentDuplicates.ToString("N0", CultureInfo.InvariantCulture), audit.IdempotentDuplicates == 0);
            yield return new Figure($"{policy}: duplicates from the non-idempotent producer (retries; allowed)", audit.OtherDuplicates.ToString("N0", CultureInfo.InvariantCulture));
            yield return new Figure($"{policy}: records never acknowledged (delivery failed; allowed)", audit.Failed.ToString("N0", CultureInfo.InvariantCulture));
            yield return new Figure($"{policy}: producers stopped by a fatal error", FatalErrors.Count == 0 ? "0" : string.Join("; ", FatalErrors), FatalErrors.Count == 0);
            yield return new Figure($"{policy}: restart time after SIGKILL (median / max)",
                sorted.Count == 0 ? "-" : $"{sorted[sorted.Count / 2].TotalSeconds:F2} s / {sorted[^1].TotalSeconds:F2} s");
        }
    }
}
