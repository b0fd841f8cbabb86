using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Kpipe.Testing.BadData;

namespace Kpipe.Reliability;

/// <summary>
/// Bad data: each file of the corpus (<see cref="BadDataCorpus"/>) goes through <c>kpipe produce</c> against a broker
/// process, then every job reads what was delivered; per kind it measures what was delivered, counted and
/// dead-lettered, the exit code and the error printed, and whether any process crashed or hung.
/// </summary>
public sealed class BadDataScenario : IScenario
{
    private const string Topic = "bad-data";
    private const string DefaultLimitsTopic = "bad-data-default-limits";
    private const int RaisedLimitBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan ProduceLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan JobLimit = TimeSpan.FromSeconds(240);

    /// <inheritdoc />
    public string Name => "bad-data";

    /// <inheritdoc />
    public string Title => "Bad data: a corpus of broken input files through kpipe produce and every job";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var good = campaign.Count(50, 1000);
        var corpus = BadDataCorpus.All(good);
        var root = Directory.CreateTempSubdirectory("kpipe-bad-data-").FullName;
        var processes = new List<KpipeProcess>();
        try
        {
            await using var broker = await BrokerProcess.StartAsync(campaign, Path.Combine(root, "broker"));
            string[] bootstrap = ["--bootstrap", broker.Bootstrap];
            processes.Add(await RunAsync(campaign, ["topic", "create", Topic, "--config", $"max.message.bytes={RaisedLimitBytes}", .. bootstrap], cancellationToken));
            processes.Add(await RunAsync(campaign, ["topic", "create", DefaultLimitsTopic, .. bootstrap], cancellationToken));
            if (processes.Any(p => p.ExitCode != 0))
            {
                throw new InvalidOperationException("could not create the topics: " + string.Join(" | ", processes.Select(p => p.Stderr.Trim())));
            }

            using var watermarks = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = broker.Bootstrap, GroupId = "bad-data-watermarks" }).Build();
            var produced = new List<ProducedKind>();
            for (var index = 0; index < corpus.Count; index++)
            {
                var file = corpus[index];
                // Produced by a relative name from the corpus folder, so the errors printed name the file, not a temp path.
                var name = file.Kind + ".json";
                await File.WriteAllBytesAsync(Path.Combine(root, name), file.Bytes, cancellationToken);
                var (raised, from, to) = await ProduceAsync(campaign, watermarks, Topic, root, name,
                    ["--kafka-config", $"message.max.bytes={RaisedLimitBytes}", .. bootstrap], cancellationToken);
                var defaults = file.Oversized > 0
                    ? await ProduceAsync(campaign, watermarks, DefaultLimitsTopic, root, name, bootstrap, cancellationToken)
                    : ((KpipeProcess, long, long)?)null;
                processes.Add(raised);
                if (defaults is { } d)
                {
                    processes.Add(d.Item1);
                }

                produced.Add(new ProducedKind(file, BadDataCorpus.FirstIdOf(index), raised, from, to, defaults is { } run ? (run.Item1, run.Item3 - run.Item2) : null));
            }

            var output = Path.Combine(root, "output");
            string[] jobArgs = ["--topic", Topic, "--until-idle", "3s", "--window", "1h", "--format", "json", "--output", output, .. bootstrap];
            var consumer = await RunAsync(campaign, ["job", "run", "consumer", .. jobArgs], cancellationToken, JobLimit);
            var metrics = await RunAsync(campaign, ["job", "run", "stream-metrics", .. jobArgs], cancellationToken, JobLimit);
            var raw = await RunAsync(campaign, ["job", "run", "stream-raw", .. jobArgs], cancellationToken, JobLimit);
            processes.AddRange([consumer, metrics, raw]);
            var tally = await BadDataTally.ReadAsync(Path.Combine(output, "stream-metrics", Topic), Path.Combine(output, "stream-raw", Topic), consumer.Stdout, cancellationToken);

            var figures = new List<Figure>();
            foreach (var kind in produced)
            {
                figures.Add(ProduceFigure(kind));
                if (kind.Defaults is { } defaults)
                {
                    figures.Add(DefaultLimitsFigure(kind.File, defaults.Run, defaults.Delivered));
                }

                figures.Add(JobsFigure(kind, tally, [consumer, metrics, raw]));
            }

            figures.Add(new Figure("processes that crashed (stack trace, exit 70, signal)", $"{processes.Count(p => p.Crashed)} of {processes.Count}", processes.All(p => !p.Crashed)));
            figures.Add(new Figure("processes that hung", $"{processes.Count(p => p.Hung)} of {processes.Count}", processes.All(p => !p.Hung)));
            return new ScenarioResult(figures, Method(good, corpus.Count));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(KpipeProcess Run, long From, long To)> ProduceAsync(Campaign campaign, IConsumer<Ignore, Ignore> watermarks, string topic, string directory, string file, string[] extra, CancellationToken cancellationToken)
    {
        var from = End(watermarks, topic);
        var run = await KpipeProcess.RunAsync(campaign, ["produce", topic, file, .. extra], ProduceLimit, cancellationToken, directory);
        return (run, from, End(watermarks, topic));
    }

    private static long End(IConsumer<Ignore, Ignore> consumer, string topic) =>
        consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;

    private static Task<KpipeProcess> RunAsync(Campaign campaign, string[] arguments, CancellationToken cancellationToken, TimeSpan? limit = null) =>
        KpipeProcess.RunAsync(campaign, arguments, limit ?? ProduceLimit, cancellationToken);

    // Damage that leaves no JSON record (syntax, not an object, not UTF-8) is a user error: one line with its position
    // and exit 1, every good record around it still delivered. A file without such damage exits 0.
    private static Figure ProduceFigure(ProducedKind kind)
    {
        var file = kind.File;
        var delivered = kind.To - kind.From;
        var expectedExit = file.Broken > 0 ? 1 : 0;
        var error = kind.Raised.FirstError();
        var passed = !kind.Raised.Crashed && !kind.Raised.Hung && kind.Raised.ExitCode == expectedExit && delivered == file.DeliveredWithRaisedLimits &&
            (expectedExit == 0 || HasPosition(kind.Raised.Stderr));
        return new Figure($"{file.Kind}: produce (16 MiB limits)",
            $"exit {kind.Raised.ExitCode}, {delivered:N0} of {file.DeliveredWithRaisedLimits:N0} delivered, {file.Broken} broken pieces{Quoted(error)}", passed);
    }

    // A damaged record that is skipped is reported "at line N"; damage that stops the file is reported as FILE:LINE:COL.
    private static bool HasPosition(string stderr) =>
        stderr.Contains(" at line ", StringComparison.Ordinal) || Regex.IsMatch(stderr, @"\.json:\d+:\d+: ");

    // With the default limits a record over message.max.bytes is refused with a message naming the setting to raise;
    // the records around it are delivered.
    private static Figure DefaultLimitsFigure(BadDataFile file, KpipeProcess run, long delivered)
    {
        var error = run.FirstError();
        var passed = !run.Crashed && !run.Hung && run.ExitCode == 1 && delivered == file.DeliveredWithDefaultLimits &&
            run.Stderr.Contains("message.max.bytes", StringComparison.Ordinal);
        return new Figure($"{file.Kind}: produce (default limits)",
            $"exit {run.ExitCode}, {delivered:N0} of {file.DeliveredWithDefaultLimits:N0} delivered, {file.Oversized} refused{Quoted(error)}", passed);
    }

    private static Figure JobsFigure(ProducedKind kind, BadDataTally tally, KpipeProcess[] jobs)
    {
        var file = kind.File;
        var printed = tally.ConsumerLines(kind.From, kind.To);
        var counted = tally.MetricsRecords(kind.From, kind.To);
        var metricsLetters = tally.MetricsDeadLetters(kind.From, kind.To);
        var users = tally.MetricsUsers(kind.FirstId);
        var rawRows = tally.RawRows(file.Kind);
        var rawLetters = tally.RawDeadLetters(kind.From, kind.To);
        var passed = jobs.All(j => j.ExitCode == 0) &&
            printed == file.DeliveredWithRaisedLimits &&
            counted == file.Good - file.Unreachable && metricsLetters.Count == file.MetricsInvalid + file.Unparseable && users == file.DistinctIds &&
            rawRows == file.Good + file.MetricsInvalid - file.Unreachable && rawLetters.Count == file.Unparseable;
        var reasons = metricsLetters.Concat(rawLetters).Select(r => r.Length <= 60 ? r : r[..60]).Distinct().Take(3).ToList();
        return new Figure($"{file.Kind}: jobs (consumer / stream-metrics / stream-raw)",
            $"printed {printed:N0}; counted {counted:N0} of {file.Good - file.Unreachable:N0}, {users:N0} users, {metricsLetters.Count} dead letters; " +
            $"raw {rawRows:N0}, {rawLetters.Count} dead letters{(reasons.Count > 0 ? "; reasons: " + string.Join(" / ", reasons) : "")}", passed);
    }

    private static string Quoted(string error) => error.Length == 0 ? "" : $"; \"{error.Replace("|", "\\|", StringComparison.Ordinal)}\"";

    private static string Method(int good, int kinds) => string.Create(CultureInfo.InvariantCulture, $"""
        {kinds} files generated by `BadDataCorpus` (tests/Kpipe.Testing), each with {good} good records around one kind of
        damage, are produced one after the other with `kpipe produce` (a process) into one single-partition topic of a
        broker process whose `max.message.bytes` is {RaisedLimitBytes:N0}, the producer's `message.max.bytes` raised to
        match; the files holding a record over 1,000,000 bytes are produced once more with the default limits into a
        second topic. Delivered counts come from the topic's high watermark. Then `kpipe job run consumer`,
        `stream-metrics` and `stream-raw` each read the whole topic once (`--until-idle 3s`, JSON output); a kind's
        records are told apart by their offsets and `source` field. "Broken pieces" are parts of a file that are no JSON
        record (syntax error, a value that is not an object, bytes that are not UTF-8): `kpipe produce` prints where the
        first is and exits 1, and in JSON lines it skips each and goes on, so the good records after it are delivered too;
        in a JSON array a syntax error ends the reading. Every process must end by itself with no stack trace.
        """);

    private sealed record ProducedKind(BadDataFile File, long FirstId, KpipeProcess Raised, long From, long To, (KpipeProcess Run, long Delivered)? Defaults);
}
