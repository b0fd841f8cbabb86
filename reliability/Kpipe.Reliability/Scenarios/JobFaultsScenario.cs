using System.Globalization;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Runtime;
using Kpipe.Reliability.JobFaults;

namespace Kpipe.Reliability;

/// <summary>
/// stream-metrics SIGKILLed at random moments while a live stream is produced and restarted each time on the same
/// output and checkpoint; its final output must equal a crash-free run's over the same records, every table.
/// </summary>
public sealed class JobFaultsScenario : IScenario
{
    private const string Topic = "users";
    private const int Partitions = 3;
    private const int RecordsPerSecond = 1000;
    private const int Seed = 20261205;
    private static readonly TimeSpan LatestKill = TimeSpan.FromSeconds(8);

    /// <inheritdoc />
    public string Name => "job-faults";

    /// <inheritdoc />
    public string Title => "Job faults: stream-metrics SIGKILLed during a live stream";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var kills = campaign.Count(3, 20);
        var records = campaign.Count(15_000, 150_000);
        var geo = GeoDatabaseFinder.Find(Path.Combine(campaign.Root, ".cache", "geoip"));
        using var scratch = new ScratchDirectory(Name);
        await using var broker = await BrokerProcess.StartAsync(campaign, scratch.Combine("data"));
        await KafkaTopics.CreateAsync(broker.Bootstrap, [Topic], Partitions);
        var faultedOutput = scratch.Combine("faulted");
        var cleanOutput = scratch.Combine("clean");
        var checkpoint = new Checkpoint(Path.Combine(faultedOutput, "stream-metrics", Topic, "_checkpoints", "faults"));

        var stream = Task.Run(() => MockStream.ProduceAsync(broker.Bootstrap, Topic, records, RecordsPerSecond, cancellationToken), cancellationToken);
        var random = new Random(Seed);
        var midBatch = 0;
        for (var kill = 0; kill < kills; kill++)
        {
            await using var job = new JobProcess(campaign, Arguments(broker, faultedOutput, "faults", geo));
            // The moment counts from the job's start line, so that a loaded machine's slow process start does not eat it.
            if (!await job.WaitForLineAsync("resuming at batch", TimeSpan.FromSeconds(120), cancellationToken))
            {
                throw new InvalidOperationException("the job did not start: " + job.Tail);
            }
            await Task.Delay(LatestKill * random.NextDouble(), cancellationToken);
            await job.KillAsync();
            if (checkpoint.LatestPlanned() > checkpoint.LatestCommitted() || (checkpoint.LatestPlanned() is not null && checkpoint.LatestCommitted() is null))
            {
                midBatch++;
            }
        }
        var produced = await stream;
        await RunToIdleAsync(campaign, Arguments(broker, faultedOutput, "faults", geo), cancellationToken);
        await RunToIdleAsync(campaign, Arguments(broker, cleanOutput, "clean", geo), cancellationToken);

        var faulted = await MetricsOutput.ReadAsync(Path.Combine(faultedOutput, "stream-metrics", Topic), cancellationToken);
        var clean = await MetricsOutput.ReadAsync(Path.Combine(cleanOutput, "stream-metrics", Topic), cancellationToken);
        var broken = produced / MockStream.BrokenEvery;
        var good = produced - broken;
        var missing = clean.RecordOrigins.Keys.Count(origin => !faulted.RecordOrigins.ContainsKey(origin));
        var duplicated = faulted.RecordOrigins.Values.Sum(n => n - 1);
        var differences = faulted.Differences(clean);
        var cleanRows = clean.RecordOrigins.Count;
        var cleanLetters = clean.DeadLetters.Values.Sum();
        Figure[] figures =
        [
            new("kills", $"{kills} SIGKILLs, {midBatch} of them with a batch planned but not committed"),
            new("records", $"{produced:N0} produced ({good:N0} users, {broken:N0} broken); the crash-free run wrote {cleanRows:N0} records rows and {cleanLetters:N0} dead letters",
                cleanRows == good && cleanLetters == broken && clean.RecordOrigins.Values.All(n => n == 1)),
            new("records missing after the kills", missing.ToString("N0", CultureInfo.InvariantCulture), missing == 0),
            new("records duplicated after the kills", duplicated.ToString("N0", CultureInfo.InvariantCulture), duplicated == 0),
            new("tables equal to the crash-free run's", differences.Count == 0 ? "yes (records, dead_letters, window_summary, country_counts, gender_counts, users)" : "no: " + string.Join(", ", differences), differences.Count == 0),
            new("enrichment", geo.Count > 0 ? "offline database " + string.Join(", ", geo.Select(Path.GetFileName)) : "off (no database installed; `make geoip` turns it on)"),
        ];
        return new ScenarioResult(figures, Method(kills, records));
    }

    private static async Task RunToIdleAsync(Campaign campaign, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        await using var job = new JobProcess(campaign, arguments.Concat(["--until-idle", "5s"]));
        var exit = await job.WaitForExitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"the job exited with {exit}: {job.Tail}");
        }
    }

    // Each run's own group; the short session timeout lets a restart take over from a killed member in seconds.
    private static IEnumerable<string> Arguments(BrokerProcess broker, string output, string name, IReadOnlyList<string> geo) =>
        new[]
        {
            "stream-metrics", "--topic", Topic, "--bootstrap", broker.Bootstrap, "--window", "1s", "--format", "json",
            "--output", output, "--instance", name, "--group", "job-faults-" + name,
            "--kafka-config", "session.timeout.ms=6000", "--kafka-config", "heartbeat.interval.ms=1000",
        }.Concat(geo.Count > 0 ? ["--geoip-db", .. geo] : []);

    private static string Method(int kills, int records) => string.Create(CultureInfo.InvariantCulture, $"""
        A Confluent.Kafka producer (acks=all, idempotent) writes {records:N0} generated users (seed 7, every
        {MockStream.BrokenEvery}th one a truncated JSON object) at {RecordsPerSecond:N0} records/s into a topic of
        {Partitions} partitions on a broker process. Meanwhile `kpipe job run stream-metrics --window 1s --format json` runs
        as a process through the root script and is SIGKILLed {kills} times, each at a random moment 0–8 s after it logged its
        start (seed {Seed}), and started again at once on the same output, checkpoint, instance and group; after the
        stream ends it runs once more until 5 s idle. Then a crash-free run reads the same topic with its own group into
        a second output. Equal means: the records and dead_letters tables are equal as multisets of rows, each row
        without its window_start (records rows carry their partition and offset, so each record must appear exactly
        once); window_summary's records, male, female, other_gender and dead_letters, and each country's and gender's
        count, summed over windows, are equal; the distinct user ids over all windows of the users table are equal.
        Missing counts records of the crash-free output absent from the killed run's; duplicated counts extra rows for
        one partition and offset. Hidden temporary files that a killed run left are not output and are not read.
        """);
}
