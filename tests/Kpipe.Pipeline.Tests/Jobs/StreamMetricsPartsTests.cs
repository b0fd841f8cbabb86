using System.Text;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.StreamMetrics;
using Kpipe.Pipeline.Runtime;
using Kpipe.Pipeline.Sinks;
using Kpipe.Pipeline.Windows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Unit")]
public sealed class StreamMetricsPartsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kpipe-parts-" + Guid.NewGuid().ToString("N"));

    // Ten records: two bad ones in different parts, and a field that only the last record has.
    private static readonly string[] Values =
    [
        """{"id":1,"gender":"Male","country":"France","ip_address":"192.0.2.1"}""",
        "not json",
        """{"id":2,"gender":"Female","country":"Peru","ip_address":"192.0.2.2"}""",
        """{"id":3,"gender":"Female","country":"Peru","ip_address":"192.0.2.3"}""",
        """{"id":1,"gender":"Male","country":"France","ip_address":"192.0.2.1"}""",
        """{"gender":"Male"}""",
        """{"id":4,"gender":"Agender","country":"Chad","ip_address":"192.0.2.4"}""",
        """{"id":5,"gender":"Male","country":"Peru","ip_address":"192.0.2.5"}""",
        """{"id":6,"gender":"Female","country":"Chad","ip_address":"192.0.2.6"}""",
        """{"id":7,"gender":"Male","country":"Peru","ip_address":"192.0.2.7","vip":true}""",
    ];

    [Fact]
    public async Task A_batch_larger_than_a_part_writes_one_records_file_per_part_with_every_good_record_once_and_one_schema()
    {
        var window = await RunAsync("split", recordsPerPart: 3);

        var directory = Path.Combine(_root, "split", StreamMetricsJob.RecordsTable, window.DirectoryName);
        var files = Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["part-i-000000.1.parquet", "part-i-000000.2.parquet", "part-i-000000.3.parquet", "part-i-000000.parquet"], files);
        var parts = new List<IReadOnlyList<IReadOnlyDictionary<string, object?>>>();
        foreach (var file in files)
        {
            parts.Add(await TableFileReader.ReadAsync(Path.Combine(directory, file), CancellationToken.None));
        }
        var offsets = parts.SelectMany(rows => rows.Select(r => TableFileReader.Count(r, "offset"))).Order().ToArray();
        Assert.Equal([0L, 2, 3, 4, 6, 7, 8, 9], offsets);
        // The field only the last record has is a column of every part: the schema is the whole batch's.
        Assert.All(parts.SelectMany(rows => rows), row => Assert.True(row.ContainsKey("vip")));
        Assert.Equal(true, parts.SelectMany(rows => rows).Single(r => TableFileReader.Count(r, "offset") == 9)["vip"]);

        var letters = await TableFileReader.ReadAsync(Single(Path.Combine(_root, "split", DeadLetterTable.Name)), CancellationToken.None);
        Assert.Equal([1L, 5], letters.Select(r => TableFileReader.Count(r, "offset")));
        Assert.StartsWith("not JSON", TableFileReader.Text(letters[0], "reason"));
        Assert.StartsWith("no id", TableFileReader.Text(letters[1], "reason"));

        PartFileSinks.DeleteBatch(Path.Combine(_root, "split"), "i", 0);
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public async Task Metrics_and_records_are_the_same_whether_a_batch_is_written_in_one_part_or_several()
    {
        var window = await RunAsync("whole", recordsPerPart: 100_000);
        await RunAsync("split", recordsPerPart: 3);

        foreach (var table in new[] { "window_summary", "country_counts", "gender_counts", "users" })
        {
            Assert.Equal(await RowsAsync("whole", table, window), await RowsAsync("split", table, window));
        }
        Assert.Equal(await RowsAsync("whole", StreamMetricsJob.RecordsTable, window), await RowsAsync("split", StreamMetricsJob.RecordsTable, window));
        var summary = (await TableFileReader.ReadAsync(Single(Path.Combine(_root, "split", "window_summary")), CancellationToken.None)).Single();
        Assert.Equal(8L, TableFileReader.Count(summary, "records"));
        Assert.Equal(7L, TableFileReader.Count(summary, "unique_users"));
        Assert.Equal(2L, TableFileReader.Count(summary, "dead_letters"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task<ProcessingWindow> RunAsync(string output, int recordsPerPart)
    {
        var window = new ProcessingWindow(Start, Start.AddSeconds(10));
        var records = Values.Select((value, offset) => new ConsumedRecord(0, offset, Start.AddMilliseconds(offset), null, Encoding.UTF8.GetBytes(value))).ToArray();
        var batch = new JobBatch(0, "users", window, records);
        var options = new JobOptions { Topic = "users", BootstrapServers = "unused:9092", InstanceId = "i" };
        using var enricher = new NullIpEnricher();
        var job = new StreamMetricsJob(new JobContext(options, enricher, TextWriter.Null, NullLoggerFactory.Instance)) { RecordsPerPart = recordsPerPart };
        var sinks = new PartFileSinks(Path.Combine(_root, output), "i", OutputFormat.Parquet, batch, new NoFaults());
        await job.ProcessBatchAsync(batch, sinks, CancellationToken.None);
        await sinks.CommitAsync(CancellationToken.None);
        return window;
    }

    // A table's rows as text, one line per row with its columns in name order, sorted: comparable whatever the files.
    private async Task<string[]> RowsAsync(string output, string table, ProcessingWindow window)
    {
        var rows = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(_root, output, table, window.DirectoryName)))
        {
            foreach (var row in await TableFileReader.ReadAsync(file, CancellationToken.None))
            {
                rows.Add(string.Join(", ", row.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")));
            }
        }
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    private static string Single(string tableDirectory) => Directory.GetFiles(tableDirectory, "*", SearchOption.AllDirectories).Single();
}
