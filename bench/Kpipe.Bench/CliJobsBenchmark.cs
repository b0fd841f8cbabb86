using System.Globalization;
using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Bench;

/// <summary>
/// stream-metrics as a user runs it, against the limits of the same work: on the same generated records (<c>kpipe data
/// generate</c>, fixed seed), each round measures (a) DuckDB doing the batch work from a JSON lines file, (b) a raw
/// Confluent.Kafka consumer reading the backlog with the job's consumer settings, and (c) <c>kpipe job run
/// stream-metrics</c> as a process over the backlog in a 3-partition topic on a broker process, enrichment off and on,
/// Parquet output. "on" runs as in a clone of the repository (the databases and time-zone boundaries <c>make geoip</c>
/// installed); "on-no-tz" passes the same databases with <c>--geoip-db</c> and no boundaries, so no time zone is filled. Prints each round and the medians of the ratios (c)/(a) and (c)/(b).
/// Options: --records 1000000, --rounds 3, --duckdb-threads 2, --sides duckdb,raw,off,on[,on-no-tz], and --variants (see
/// <see cref="JobVariant"/>: ways of running the job's process, each measured in every round, for side-by-side
/// comparisons; the broker and the tools always run through the root script).
/// </summary>
public static class CliJobsBenchmark
{
    private const string Topic = "kpipe-bench-cli";

    /// <summary>Runs the benchmark; returns 0 when every job run read every record.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var records = options.Int("records", 1_000_000);
        var rounds = options.Int("rounds", 3);
        var script = Path.Combine(RepoPaths.Root, "kpipe");
        var variants = JobVariant.ParseAll(options.String("variants", ""), script);
        var sides = options.String("sides", "duckdb,raw,off,on").Split(',').ToHashSet(StringComparer.Ordinal);
        var threads = options.Int("duckdb-threads", 2);
        var geoCache = Path.GetFullPath(Path.Combine(RepoPaths.Root, GeoOptions.DefaultCacheDirectory));
        var databases = GeoDatabaseFinder.Find(geoCache).Select(Path.GetFullPath).ToArray();
        if ((sides.Contains("on") || sides.Contains("on-no-tz")) && databases.Length == 0)
        {
            Console.Error.WriteLine("cli-jobs benchmark: enrichment on needs a geolocation database: run `make geoip` (or pass --sides duckdb,raw,off)");
            return 2;
        }

        var scratch = Directory.CreateTempSubdirectory("kpipe-bench-cli-").FullName;
        try
        {
            var array = Path.Combine(scratch, "users.json");
            var lines = Path.Combine(scratch, "users.jsonl");
            await KpipeCommand.RunAsync(script, "data", "generate", "--count", records.ToString(CultureInfo.InvariantCulture), "--seed", "42", "--output", array);
            var written = await JsonLines.FromArrayAsync(array, lines);
            await using var broker = await BrokerProcess.StartAsync(script);
            var bootstrap = $"127.0.0.1:{broker.Port}";
            await KpipeCommand.RunAsync(script, "topic", "create", Topic, "--partitions", "3", "--bootstrap", bootstrap);
            await KpipeCommand.RunAsync(script, "produce", Topic, array, "--bootstrap", bootstrap);
            Console.WriteLine($"{written:N0} generated records (seed 42) in {Topic} (3 partitions) and {Path.GetFileName(lines)}; job variants: {string.Join("; ", variants.Select(v => v.Label))}");
            var timeZones = TimeZoneLocator.IsInstalled(Path.Combine(geoCache, TimeZoneLocator.FolderName)) ? "with" : "without (not installed)";
            Console.WriteLine($"geolocation for enrichment on: {string.Join(" + ", databases.Select(Path.GetFileName))}, {timeZones} time-zone boundaries; on-no-tz: without");

            var results = new List<Round>();
            for (var round = 1; round <= rounds; round++)
            {
                var duck = sides.Contains("duckdb") ? DuckDbBatch.Run(lines, scratch, written, threads) : double.NaN;
                var raw = sides.Contains("raw") ? JobsBenchmark.ConsumeRaw(bootstrap, Topic, records) : double.NaN;
                Console.WriteLine($"round {round} ({Load()}): DuckDB {duck:N0}/s, raw {raw:N0}/s");
                var jobs = new Dictionary<string, CliJobResult>(StringComparer.Ordinal);
                foreach (var variant in variants)
                {
                    foreach (var (side, geo, cache) in new (string, string[], string?)[] { ("off", [], null), ("on", [], geoCache), ("on-no-tz", databases, null) })
                    {
                        if (sides.Contains(side))
                        {
                            var job = await CliJobRun.RunAsync(variant, bootstrap, Topic, scratch, geo, cache);
                            jobs[Key(variant, side)] = job;
                            Console.WriteLine($"  {variant.Label}, enrichment {side} ({Load()}): {Describe(job)}");
                        }
                    }
                }
                results.Add(new Round(duck, raw, jobs));
            }
            PrintSummary(results, variants);
            return results.All(r => r.Jobs.Values.All(j => j.Records >= records)) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void PrintSummary(List<Round> rounds, IReadOnlyList<JobVariant> variants)
    {
        string Median(Func<Round, double> figure, string format) =>
            rounds.Select(figure).Where(v => !double.IsNaN(v)).ToArray() is { Length: > 0 } values
                ? Statistics.Median(values).ToString(format, CultureInfo.InvariantCulture) + " (" + string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture))) + ")"
                : "-";
        Console.WriteLine($"medians of {rounds.Count} rounds (each round's figures in brackets):");
        Console.WriteLine($"  (a) DuckDB batch records/s: {Median(r => r.DuckDb, "N0")}");
        Console.WriteLine($"  (b) raw consume records/s:  {Median(r => r.Raw, "N0")}");
        foreach (var variant in variants)
        {
            foreach (var side in new[] { "off", "on", "on-no-tz" })
            {
                if (rounds.All(r => !r.Jobs.ContainsKey(Key(variant, side))))
                {
                    continue;
                }
                double Figure(Round r, Func<CliJobResult, double> figure) => r.Jobs.TryGetValue(Key(variant, side), out var job) ? figure(job) : double.NaN;
                Console.WriteLine($"  (c) {variant.Label}, enrichment {side}: records/s {Median(r => Figure(r, j => j.RecordsPerSecond), "N0")}; " +
                    $"start-up s {Median(r => Figure(r, j => j.StartUp.TotalSeconds), "0.00")}; join s {Median(r => Figure(r, j => j.Join.TotalSeconds), "0.00")}; " +
                    $"CPU us/record {Median(r => Figure(r, j => j.CpuMicrosecondsPerRecord), "0.00")}; peak RSS MiB {Median(r => Figure(r, j => j.PeakResidentBytes / 1048576.0), "0")}");
                Console.WriteLine($"      first batch planned s after the first record {Median(r => Figure(r, j => j.FirstPlan.TotalSeconds), "0.00")}; " +
                    $"idle between batches s {Median(r => Figure(r, j => j.IdleBetweenBatches.TotalSeconds), "0.00")}; longest gap s {Median(r => Figure(r, j => j.LongestGap.TotalSeconds), "0.00")}");
                Console.WriteLine($"      ratio (c)/(a) {Median(r => Figure(r, j => j.RecordsPerSecond) / r.DuckDb, "0.00")}; (c)/(b) {Median(r => Figure(r, j => j.RecordsPerSecond) / r.Raw, "0.00")}");
            }
        }
    }

    private static string Key(JobVariant variant, string side) => variant.Label + "/" + side;

    private static string Describe(CliJobResult job) =>
        $"{job.RecordsPerSecond:N0}/s ({job.Records:N0} records, {job.Batches} batches, start-up {job.StartUp.TotalSeconds:0.00} s, join {job.Join.TotalSeconds:0.00} s, " +
        $"first plan {job.FirstPlan.TotalSeconds:0.00} s, idle between batches {job.IdleBetweenBatches.TotalSeconds:0.00} s (longest {job.LongestGap.TotalSeconds:0.00}), " +
        $"CPU {job.CpuMicrosecondsPerRecord:0.00} us/record, peak RSS {job.PeakResidentBytes / 1048576.0:0} MiB)";

    private static string Load() => "load " + File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>One round's figures: NaN for a peer not measured, and each job run by variant and enrichment side.</summary>
    private sealed record Round(double DuckDb, double Raw, IReadOnlyDictionary<string, CliJobResult> Jobs);
}
