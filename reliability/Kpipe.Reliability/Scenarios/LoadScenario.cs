using System.Globalization;
using Kpipe.Reliability.Load;

namespace Kpipe.Reliability;

/// <summary>
/// Many producer connections and consumer groups against one broker process: no errors, every record read by every
/// group exactly once, resident memory that levels off, and produce latency at a fixed rate and at full speed.
/// </summary>
public sealed class LoadScenario : IScenario
{
    private const int Producers = 50;
    private const int Groups = 4;
    private const int MembersPerGroup = 5;
    private const double FixedRate = 10_000;
    private const double LatencyGoalMs = 5;
    private static readonly LoadTopics Topics = new(Count: 4, Partitions: 6);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public string Name => "load";

    /// <inheritdoc />
    public string Title => "Load: 50 producer connections and 20 consumers against one broker";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var paced = campaign.Duration(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));
        var fullSpeed = campaign.Duration(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));
        var sampleEvery = campaign.Duration(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2));
        using var scratch = new ScratchDirectory(Name);
        await using var broker = await BrokerProcess.StartAsync(campaign, scratch.Combine("data"));
        await KafkaTopics.CreateAsync(broker.Bootstrap, Topics.Names, Topics.Partitions);
        var rssAtStart = broker.ResidentBytes;

        await using var consumers = new ConsumerFleet(broker.Bootstrap, Groups, MembersPerGroup, Topics);
        await consumers.WaitForAssignmentsAsync(TimeSpan.FromSeconds(120), cancellationToken);
        using var producers = new ProducerFleet(broker.Bootstrap, Producers, Topics);
        await using var rss = new RssSampler(broker, sampleEvery);

        var warmUp = await producers.RunAsync(FixedRate, WarmUp, cancellationToken);
        var pacedFrom = rss.Elapsed.TotalSeconds;
        var steady = await producers.RunAsync(FixedRate, paced, cancellationToken);
        var pacedUntil = rss.Elapsed.TotalSeconds;
        var rssAfterPaced = broker.ResidentBytes;
        var full = await producers.RunAsync(null, fullSpeed, cancellationToken);
        var delivered = producers.DeliveredPerPartition();
        var caughtUp = await CatchUpAsync(consumers, delivered, cancellationToken);
        var rssAtEnd = broker.ResidentBytes;
        var pacedSamples = rss.Samples.Where(s => s.Seconds >= pacedFrom && s.Seconds <= pacedUntil).ToList();

        var produced = delivered.Sum();
        var errors = warmUp.Errors + steady.Errors + full.Errors;
        var growth = RssSampler.ThirdsGrowth(pacedSamples, out var middle);
        var bound = Math.Max(middle * 0.10, 16.0 * 1024 * 1024);
        var goalMet = steady.Latency.Percentile(99) < LatencyGoalMs * 1000;
        Figure[] figures =
        [
            new("delivery errors", $"{errors:N0} of {produced:N0} records produced{Why(warmUp.FirstError ?? steady.FirstError ?? full.FirstError)}", errors == 0),
            new("consumer errors", $"{consumers.Errors:N0}{Why(consumers.FirstError)}", consumers.Errors == 0),
            new("records produced (acks=all)", $"{produced:N0}: {warmUp.Delivered:N0} warm-up, {steady.Delivered:N0} at the fixed rate, {full.Delivered:N0} at full speed"),
            new("records consumed", $"{consumers.Consumed:N0} of {produced * Groups:N0} ({Groups} groups × {produced:N0}); {consumers.Duplicates:N0} read twice, {consumers.Gaps:N0} offsets skipped{(caughtUp is null ? "" : "; " + caughtUp)}",
                caughtUp is null && consumers.Duplicates == 0 && consumers.Gaps == 0),
            new("broker RSS", $"{Mb(rssAtStart)} at start, {Mb(rssAfterPaced)} after the fixed-rate phase, {Mb(rssAtEnd)} at the end ({pacedSamples.Count} samples every {sampleEvery.TotalSeconds:0.#} s)"),
            new("broker RSS trend over the fixed-rate phase", string.Create(CultureInfo.InvariantCulture,
                $"last third {Signed(growth)} vs the middle third ({growth / Math.Max(middle, 1) * 100:+0.0;-0.0}%), second-half slope {Signed(RssSampler.SecondHalfSlope(pacedSamples) * 60)}/min; bound {Mb((long)bound)}"),
                growth <= bound),
            new($"produce latency at {FixedRate:N0} msg/s", $"{steady.Latency} over {steady.Latency.Count:N0} records at {steady.RecordsPerSecond:N0} msg/s; goal p99 < {LatencyGoalMs} ms met: {(goalMet ? "yes" : "no")}"),
            new("full speed", $"{full.RecordsPerSecond:N0} msg/s acknowledged; latency {full.Latency}"),
        ];
        return new ScenarioResult(figures, Method(paced, fullSpeed, sampleEvery));
    }

    private static async Task<string?> CatchUpAsync(ConsumerFleet consumers, long[] delivered, CancellationToken cancellationToken)
    {
        try
        {
            await consumers.WaitUntilCaughtUpAsync(delivered, TimeSpan.FromSeconds(120), cancellationToken);
            return null;
        }
        catch (TimeoutException e)
        {
            return e.Message;
        }
    }

    private static string Why(string? error) => error is null ? "" : $" (first: {error})";

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB");

    private static string Signed(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:+0.0;-0.0} MB");

    private static string Method(TimeSpan paced, TimeSpan fullSpeed, TimeSpan sampleEvery) => string.Create(CultureInfo.InvariantCulture, $"""
        One broker process (`kpipe broker start`, default flush policy) with {Topics.Count} topics of {Topics.Partitions} partitions.
        {Groups} consumer groups of {MembersPerGroup} Confluent.Kafka consumers each subscribe to every topic and settle
        (every member holding partitions) before anything is produced; each group must then read every acknowledged record
        exactly once, offsets in order with no gap. {Producers} Confluent.Kafka producers (librdkafka keeps one connection
        per client to the one broker) write 100-byte records round-robin over the topics with acks=all and linger.ms=0:
        first {WarmUp.TotalSeconds:0} s of warm-up (connections, metadata, JIT; counted for errors, not for latency), then
        {paced.TotalSeconds:0} s at a fixed {FixedRate:N0} msg/s in all, drawn from one token bucket
        (System.Threading.RateLimiting, refilled every 5 ms) that every producer waits on, then {fullSpeed.TotalSeconds:0} s at
        full speed (each producer keeps up to 1,000 records in flight). Latency is the time from the `Produce` call to
        its delivery report, stamped on the producer's delivery thread; the p99 goal is informational and does not fail the
        scenario. Errors are delivery errors, produce calls that threw and errors the clients reported. The broker's VmRSS
        is sampled every {sampleEvery.TotalSeconds:0.#} s; over the fixed-rate phase the mean of the last third of the samples
        may exceed the middle third's by at most 10% or 16 MB, whichever is larger (a leak grows steadily; a heap that
        has levelled off does not). The harness, its 70 clients and the broker share the machine's cores.
        """);
}
