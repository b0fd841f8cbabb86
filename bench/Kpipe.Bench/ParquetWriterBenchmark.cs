using System.Globalization;
using System.Text.Json;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.StreamMetrics;
using Kpipe.Pipeline.Records;
using Kpipe.Pipeline.Sinks;
using Kpipe.Pipeline.Windows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Bench;

/// <summary>
/// The Parquet writers side by side on stream-metrics' records table: for each size, the table is built by the job
/// itself from that many generated mock records (fixed seed, three partitions, enrichment on with the <c>make geoip</c>
/// database) as one part, then written by each writer in turn, alternating, round after round: wall time, CPU time,
/// managed allocations, file size and the peak resident memory the write added (VmHWM reset before each). Prints each
/// writer's median and its ratio to Parquet.Net with the same codec. ParquetSharp runs twice: as the job uses it (no
/// dictionary for mostly distinct columns) and with Arrow's default of a dictionary for every column.
/// Options: --records 200000,1000000, --rounds 3, --codecs snappy[,zstd,lz4,gzip,none], --enrichment on|off,
/// --parquet-net on|off (off: leave Parquet.Net out and compare with the every-dictionary side).
/// </summary>
public static class ParquetWriterBenchmark
{
    private static readonly DateTimeOffset WindowStart = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Runs the benchmark; returns 0 when every write succeeded.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var sizes = options.String("records", "200000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var rounds = options.Int("rounds", 3);
        var codecs = options.String("codecs", "snappy").Split(',');
        if (codecs.FirstOrDefault(c => !Codecs.ContainsKey(c)) is { } unknown)
        {
            Console.Error.WriteLine($"parquet benchmark: unknown codec '{unknown}'; use {string.Join(", ", Codecs.Keys)}");
            return 2;
        }
        var parquetNet = options.String("parquet-net", "on") == "on";
        var writers = codecs.SelectMany(codec => Writers(codec, parquetNet)).ToArray();
        using var enricher = Enricher(options.String("enrichment", "on") == "on");
        if (enricher is null)
        {
            Console.Error.WriteLine("parquet benchmark: enrichment on needs a geolocation database: run `make geoip` (or pass --enrichment off)");
            return 2;
        }
        var scratch = Directory.CreateTempSubdirectory("kpipe-bench-parquet-").FullName;
        try
        {
            foreach (var size in sizes)
            {
                await MeasureSizeAsync(size, rounds, writers, enricher, scratch);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        return 0;
    }

    private static readonly Dictionary<string, (Parquet.CompressionMethod Net, ParquetSharp.Compression Sharp)> Codecs = new(StringComparer.Ordinal)
    {
        ["snappy"] = (Parquet.CompressionMethod.Snappy, ParquetSharp.Compression.Snappy),
        ["zstd"] = (Parquet.CompressionMethod.Zstd, ParquetSharp.Compression.Zstd),
        ["lz4"] = (Parquet.CompressionMethod.Lz4Raw, ParquetSharp.Compression.Lz4),
        ["gzip"] = (Parquet.CompressionMethod.Gzip, ParquetSharp.Compression.Gzip),
        ["none"] = (Parquet.CompressionMethod.None, ParquetSharp.Compression.Uncompressed),
    };

    private static IEnumerable<NamedWriter> Writers(string codec, bool parquetNet)
    {
        var (net, sharp) = Codecs[codec];
        var every = $"ParquetSharp {codec}, every column a dictionary";
        var baseline = parquetNet ? $"Parquet.Net {codec}" : every;
        if (parquetNet)
        {
            yield return new NamedWriter(baseline, baseline, new ParquetTableWriter(net));
        }
        yield return new NamedWriter(every, baseline, new ParquetSharpTableWriter(sharp, chooseDictionaries: false));
        yield return new NamedWriter($"ParquetSharp {codec}", baseline, new ParquetSharpTableWriter(sharp));
    }

    private static IIpEnricher? Enricher(bool on)
    {
        if (!on)
        {
            return new NullIpEnricher("enrichment off for the benchmark");
        }
        var databases = GeoDatabaseFinder.Find(Path.Combine(RepoPaths.Root, GeoOptions.DefaultCacheDirectory));
        return databases.Count == 0 ? null : IpEnricherFactory.Create(new GeoOptions { DatabasePaths = databases }, NullLoggerFactory.Instance);
    }

    private static async Task MeasureSizeAsync(int size, int rounds, NamedWriter[] writers, IIpEnricher enricher, string scratch)
    {
        var batch = Batch(size);
        var results = writers.ToDictionary(w => w.Name, _ => new List<WriteMeasurement>());
        var options = new JobOptions { Topic = "users", BootstrapServers = "unused:9092", OutputDirectory = scratch, InstanceId = "bench" };
        var job = new StreamMetricsJob(new JobContext(options, enricher, TextWriter.Null, NullLoggerFactory.Instance)) { RecordsPerPart = size };
        var columns = 0;
        List<string> plain = [];
        await job.ProcessBatchAsync(batch, new RecordsTableProbe(async table =>
        {
            columns = table.Schema.Columns.Count;
            plain = [.. ParquetDictionaryChooser.WithoutDictionary(table).Select(c => c.Name)];
            for (var round = 0; round < rounds; round++)
            {
                foreach (var writer in writers)
                {
                    results[writer.Name].Add(await WriteMeasurement.TakeAsync(writer.Writer, table, Path.Combine(scratch, "records.parquet")));
                }
            }
        }), CancellationToken.None);

        Console.WriteLine($"records table of {size:N0} generated records ({columns} columns), median of {rounds}; without a dictionary: {string.Join(", ", plain)}");
        foreach (var writer in writers)
        {
            var median = WriteMeasurement.Median(results[writer.Name]);
            var baseline = WriteMeasurement.Median(results[writer.Baseline]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {writer.Name,-48} {median.Describe(size)}; wall / baseline {median.Wall / baseline.Wall:F2}, CPU / baseline {median.Cpu / baseline.Cpu:F2}"));
        }
        // The first round shows the memory a writer keeps once it has written (ParquetSharp's native pool does).
        Console.WriteLine("  rounds (wall ms, CPU ms, peak RSS added MiB): " + string.Join("; ", writers.Select(w =>
            $"{w.Name} {string.Join(" / ", results[w.Name].Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Wall.TotalMilliseconds:N0}, {m.Cpu.TotalMilliseconds:N0}, {m.PeakAddedBytes / 1048576.0:N1}")))}")));
    }

    // The generated users as the producer sends them (snake_case JSON), spread over three partitions as a topic holds them.
    private static JobBatch Batch(int size)
    {
        var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var records = new ConsumedRecord[size];
        var next = 0;
        foreach (var user in new MockDataGenerator(MockDataGenerator.DefaultSeed).Generate(size))
        {
            records[next] = new ConsumedRecord(next % 3, next / 3, WindowStart, null, JsonSerializer.SerializeToUtf8Bytes(user, json));
            next++;
        }
        Array.Sort(records, ConsumedRecord.ByPartitionThenOffset);
        return new JobBatch(0, "users", new ProcessingWindow(WindowStart, WindowStart.AddSeconds(1)), records);
    }

    private sealed record NamedWriter(string Name, string Baseline, ITableWriter Writer);
}
