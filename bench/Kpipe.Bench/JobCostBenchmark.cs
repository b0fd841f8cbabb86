using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.Schema;
using Kpipe.Pipeline.Jobs.StreamMetrics;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Records;
using Kpipe.Pipeline.Sinks;
using Kpipe.Pipeline.Windows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Bench;

/// <summary>
/// What stream-metrics costs per record with no broker and no runtime: generated mock records (fixed seed, the bytes a
/// producer would send, three partitions) in memory, cut into batches, handed to <see cref="StreamMetricsJob"/>. Prints,
/// enrichment off and on: each step of a batch alone on one core (scan, address lookups, metrics, records-table columns,
/// Parquet write of the records table), then the whole job with no output and with Parquet files, as µs of wall time
/// and of CPU per record, with the garbage collections and bytes allocated. Medians of --rounds.
/// Options: --records 1000000, --batch 200000, --rounds 3, --writer parquet.net|parquetsharp (the Parquet writer of the
/// write step and the whole job; the CLI's is ParquetSharp).
/// </summary>
public static class JobCostBenchmark
{
    /// <summary>Runs the benchmark; returns 0.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var count = options.Int("records", 1_000_000);
        var batchSize = options.Int("batch", 200_000);
        var rounds = options.Int("rounds", 3);
        var writer = options.String("writer", "parquet.net");
        Func<ITableWriter> parquet = writer == "parquetsharp" ? () => new ParquetSharpTableWriter() : () => new ParquetTableWriter();
        var batches = Batches(Generate(count), batchSize);
        Console.WriteLine($"{count:N0} mock records in {batches.Length} batches of up to {batchSize:N0}, {Environment.ProcessorCount} cores, load {Load()}");

        using var off = new NullIpEnricher("enrichment off for the benchmark");
        await MeasureAsync("enrichment off", off, batches, count, rounds, parquet);
        var databases = GeoDatabaseFinder.Find(Path.Combine(RepoPaths.Root, GeoOptions.DefaultCacheDirectory));
        if (databases.Count == 0)
        {
            Console.WriteLine("enrichment on: skipped, no geolocation database: run `make geoip`");
            return 0;
        }
        using var on = IpEnricherFactory.Create(new GeoOptions { DatabasePaths = databases }, NullLoggerFactory.Instance);
        await MeasureAsync($"enrichment on ({string.Join(" + ", databases.Select(Path.GetFileName))})", on, batches, count, rounds, parquet);
        return 0;
    }

    private static async Task MeasureAsync(string label, IIpEnricher enricher, JobBatch[] batches, int count, int rounds, Func<ITableWriter> parquet)
    {
        Console.WriteLine($"{label}, µs per record (median of {rounds}):");
        var steps = new Cost[rounds][];
        for (var round = 0; round < rounds; round++)
        {
            steps[round] = await StepsAsync(enricher, batches, count, parquet);
        }
        string[] names = ["scan", "address lookups", "metrics", "records-table columns", "records-table Parquet write"];
        for (var s = 0; s < names.Length; s++)
        {
            Console.WriteLine($"  step {names[s],-28} {Cost.Median(steps.Select(r => r[s]))}");
        }
        foreach (var (name, writer) in new (string, ITableWriter?)[] { ("whole job, no output", null), ("whole job, Parquet files", parquet()) })
        {
            var runs = new Cost[rounds];
            for (var round = 0; round < rounds; round++)
            {
                runs[round] = await WholeJobAsync(enricher, batches, count, writer);
            }
            var median = Cost.Median(runs);
            Console.WriteLine($"  {name,-33} {median} = {1e6 / median.WallMicros:N0} records/s");
        }
    }

    // Each step of each batch on one shard and one core, timed apart, in the order the job runs them.
    private static async Task<Cost[]> StepsAsync(IIpEnricher enricher, JobBatch[] batches, int count, Func<ITableWriter> parquet)
    {
        var ids = new FieldIds();
        var fields = new RecordFieldNames();
        var shard = new BatchShard(ids, fields);
        var schema = new InferredSchema();
        var metrics = new WindowMetrics(default, default);
        var reserved = new HashSet<string>(RecordsTableBuilder.AddedColumns.Select(c => c.Name), StringComparer.Ordinal);
        var costs = Enumerable.Range(0, 5).Select(_ => new Meter()).ToArray();
        var directory = Directory.CreateTempSubdirectory("kpipe-bench-job-cost-");
        try
        {
            foreach (var batch in batches)
            {
                costs[0].Run(() => shard.Scan(batch, 0, batch.Records.Count));
                PlaceText?[]? located = null;
                await costs[1].RunAsync(async () => located = shard.Places.Resolve(await ShardLocator.LocateAsync(enricher, shard, 1, CancellationToken.None)));
                costs[2].Run(() =>
                {
                    metrics.Reset(batch.Window.Start, batch.Window.End, shard.Good.Count);
                    for (var i = 0; i < shard.Good.Count; i++)
                    {
                        var user = shard.Good[i].User;
                        var country = user.Country is { } own ? own.Span : located?[i]?.Country is { } geo ? geo.Span : default;
                        metrics.Add(user.Id, user.Gender is { } gender ? gender.Span : default, country);
                    }
                });
                foreach (var cell in shard.Cells)
                {
                    schema.Observe(ids.NameOf(cell.Field), cell.Type);
                }
                ColumnarTable? table = null;
                costs[3].Run(() => table = RecordsTableBuilder.Build(batch, schema.Columns(reserved), ids, shard.Good, shard.Cells, located, shard.Arrays));
                await costs[4].RunAsync(() => parquet().WriteAsync(Path.Combine(directory.FullName, "records.parquet"), table!, CancellationToken.None));
                shard.Reset();
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
        return [.. costs.Select(c => c.PerRecord(count))];
    }

    private static async Task<Cost> WholeJobAsync(IIpEnricher enricher, JobBatch[] batches, int count, ITableWriter? writer)
    {
        var directory = Directory.CreateTempSubdirectory("kpipe-bench-job-cost-");
        try
        {
            var options = new JobOptions { Topic = "bench", BootstrapServers = "unused:9092", OutputDirectory = directory.FullName };
            var job = new StreamMetricsJob(new JobContext(options, enricher, TextWriter.Null, NullLoggerFactory.Instance));
            var sinks = new FileTableSinks(directory.FullName, writer);
            var meter = new Meter();
            await meter.RunAsync(async () =>
            {
                foreach (var batch in batches)
                {
                    await job.ProcessBatchAsync(batch, sinks, CancellationToken.None);
                }
            });
            return meter.PerRecord(count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // The bytes a producer sends for each mock user (as the jobs benchmark produces them), spread over three partitions.
    private static ConsumedRecord[] Generate(int count)
    {
        var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var time = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        var offsets = new long[3];
        var records = new List<ConsumedRecord>(count);
        foreach (var user in new MockDataGenerator(MockDataGenerator.DefaultSeed).Generate(count))
        {
            var partition = (int)(user.Id % 3);
            records.Add(new ConsumedRecord(partition, offsets[partition]++, time, BitConverter.GetBytes(user.Id), JsonSerializer.SerializeToUtf8Bytes(user, json)));
        }
        return [.. records];
    }

    // Consecutive runs of records, each batch ordered by partition then offset as the runtime hands them over.
    private static JobBatch[] Batches(ConsumedRecord[] records, int size)
    {
        var start = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        return [.. records.Chunk(size).Select((chunk, i) =>
        {
            Array.Sort(chunk, ConsumedRecord.ByPartitionThenOffset);
            var window = new ProcessingWindow(start.AddSeconds(i), start.AddSeconds(i + 1));
            return new JobBatch(i, "bench", window, chunk);
        })];
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>Wall time, process CPU time, collections and allocations summed over the runs of one step.</summary>
    private sealed class Meter
    {
        private TimeSpan _wall;
        private TimeSpan _cpu;
        private int _collections;
        private long _allocated;

        public void Run(Action step) => RunAsync(() =>
        {
            step();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

        public async Task RunAsync(Func<Task> step)
        {
            var collections = GC.CollectionCount(0);
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await step();
            _wall += clock.Elapsed;
            _cpu += Process.GetCurrentProcess().TotalProcessorTime - cpu;
            _collections += GC.CollectionCount(0) - collections;
            _allocated += GC.GetTotalAllocatedBytes(precise: false) - allocated;
        }

        public Cost PerRecord(int count) =>
            new(_wall.TotalMicroseconds / count, _cpu.TotalMicroseconds / count, _collections, (double)_allocated / count);
    }

    /// <summary>One step's cost per record: wall and CPU µs, collections (gen 0 and up) over the run, bytes allocated.</summary>
    private sealed record Cost(double WallMicros, double CpuMicros, int Collections, double BytesAllocated)
    {
        public static Cost Median(IEnumerable<Cost> costs)
        {
            var all = costs.ToArray();
            return new Cost(Statistics.Median([.. all.Select(c => c.WallMicros)]), Statistics.Median([.. all.Select(c => c.CpuMicros)]),
                (int)Statistics.Median([.. all.Select(c => (double)c.Collections)]), Statistics.Median([.. all.Select(c => c.BytesAllocated)]));
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"wall {WallMicros,5:0.00} µs, CPU {CpuMicros,5:0.00} µs, {Collections,3} GCs, {BytesAllocated,6:0.0} B allocated");
    }
}
