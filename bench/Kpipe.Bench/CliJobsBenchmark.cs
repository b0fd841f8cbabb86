using System.Globalization;
using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Bench;

/// <summary>
/// stream-metrics as a user runs it, against the limits of the same work: on the same generated records (<c>kpipe data
/// generate</c>, fixed seed), each round measures (a) DuckDB doing the batch work from a JSON lines file, (b) a raw
/// Confluent.Kafka consumer reading the backlog with the job's consumer settings, and (c) <c>kpipe job run
/// stream-metrics</c> as a process over the backlog in a 3-partition topic on a broker process, enrichment off and on,
/// Parquet output. Prints each round and the medians of the ratios (c)/(a) and (c)/(b).
/// Options: --records 1000000, --rounds 3, --kpipe PATH (the job's CLI; the broker and the tools always use the root
/// script), --env NAME=VALUE[,NAME=VALUE] (added to the job process's environment), --duckdb-threads 2,
/// --sides duckdb,raw,off,on.
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
        var jobCli = options.String("kpipe", script);
        var environment = ParseEnvironment(options.String("env", ""));
        var sides = options.String("sides", "duckdb,raw,off,on").Split(',').ToHashSet(StringComparer.Ordinal);
        var threads = options.Int("duckdb-threads", 2);
        var databases = GeoDatabaseFinder.Find(Path.Combine(RepoPaths.Root, GeoOptions.DefaultCacheDirectory)).Select(Path.GetFullPath).ToArray();
        if (sides.Contains("on") && databases.Length == 0)
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
            Console.WriteLine($"{written:N0} generated records (seed 42) in {Topic} (3 partitions) and {Path.GetFileName(lines)}; job CLI {jobCli}" +
                (environment.Count == 0 ? "" : $" with {string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"))}"));
            Console.WriteLine($"geolocation for enrichment on: {string.Join(" + ", databases.Select(Path.GetFileName))}");

            var results = new List<Round>();
            for (var round = 1; round <= rounds; round++)
            {
                var duck = sides.Contains("duckdb") ? DuckDbBatch.Run(lines, scratch, written, threads) : double.NaN;
                var raw = sides.Contains("raw") ? JobsBenchmark.ConsumeRaw(bootstrap, Topic, records) : double.NaN;
                var off = sides.Contains("off") ? await CliJobRun.RunAsync(jobCli, bootstrap, Topic, scratch, [], environment) : null;
                var on = sides.Contains("on") ? await CliJobRun.RunAsync(jobCli, bootstrap, Topic, scratch, databases, environment) : null;
                var result = new Round(duck, raw, off, on);
                results.Add(result);
                Console.WriteLine($"round {round} ({Load()}): {result}");
            }
            PrintSummary(results);
            return results.All(r => (r.Off?.Records ?? records) >= records && (r.On?.Records ?? records) >= records) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void PrintSummary(List<Round> rounds)
    {
        string Median(Func<Round, double> figure, string format) =>
            rounds.Select(figure).Where(v => !double.IsNaN(v)).ToArray() is { Length: > 0 } values
                ? Statistics.Median(values).ToString(format, CultureInfo.InvariantCulture) + " (" + string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture))) + ")"
                : "-";
        Console.WriteLine($"medians of {rounds.Count} rounds (each round's figures in brackets):");
        Console.WriteLine($"  (a) DuckDB batch records/s: {Median(r => r.DuckDb, "N0")}");
        Console.WriteLine($"  (b) raw consume records/s:  {Median(r => r.Raw, "N0")}");
        foreach (var (name, side) in new (string, Func<Round, CliJobResult?>)[] { ("off", r => r.Off), ("on", r => r.On) })
        {
            Console.WriteLine($"  (c) enrichment {name}: records/s {Median(r => side(r)?.RecordsPerSecond ?? double.NaN, "N0")}; " +
                $"start-up s {Median(r => side(r)?.StartUp.TotalSeconds ?? double.NaN, "0.00")}; join s {Median(r => side(r)?.Join.TotalSeconds ?? double.NaN, "0.00")}; " +
                $"CPU us/record {Median(r => side(r)?.CpuMicrosecondsPerRecord ?? double.NaN, "0.00")}; peak RSS MiB {Median(r => side(r)?.PeakResidentBytes / 1048576.0 ?? double.NaN, "0")}");
            Console.WriteLine($"      ratio (c)/(a) {Median(r => (side(r)?.RecordsPerSecond ?? double.NaN) / r.DuckDb, "0.00")}; (c)/(b) {Median(r => (side(r)?.RecordsPerSecond ?? double.NaN) / r.Raw, "0.00")}");
        }
    }

    private static Dictionary<string, string> ParseEnvironment(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : throw new ArgumentException($"--env takes NAME=VALUE pairs, not '{p[0]}'"), StringComparer.Ordinal);

    private static string Load() => "load " + File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>One round's figures; NaN or null for a side not measured.</summary>
    private sealed record Round(double DuckDb, double Raw, CliJobResult? Off, CliJobResult? On)
    {
        public override string ToString() =>
            $"DuckDB {DuckDb:N0}/s, raw {Raw:N0}/s, off {Describe(Off)}, on {Describe(On)}";

        private static string Describe(CliJobResult? job) => job is null
            ? "-"
            : $"{job.RecordsPerSecond:N0}/s ({job.Records:N0} records, {job.Batches} batches, start-up {job.StartUp.TotalSeconds:0.00} s, join {job.Join.TotalSeconds:0.00} s, CPU {job.CpuMicrosecondsPerRecord:0.00} us/record, peak RSS {job.PeakResidentBytes / 1048576.0:0} MiB)";
    }
}
