using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.StreamMetrics;
using Kpipe.Pipeline.Sinks;
using Kpipe.Pipeline.Tests.Jobs;
using Kpipe.Pipeline.Windows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Sinks;

[Trait("Category", "Unit")]
public sealed class ParquetSharpTableWriterTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Words = ["", "plain", "café", "日本語", "emoji 😀 pair", "quote \" and, comma", "line\nbreak"];

    private readonly string _directory = Directory.CreateTempSubdirectory("kpipe-parquetsharp-").FullName;

    [Fact]
    public async Task Every_column_type_reads_back_with_its_values_and_nulls_as_the_Parquet_Net_writer_s_file_does()
    {
        // More rows than the writer hands over at once, and one text longer than its first UTF-8 buffer.
        var table = AllTypes(10_000);
        var sharp = Path.Combine(_directory, "sharp.parquet");
        var net = Path.Combine(_directory, "net.parquet");

        await new ParquetSharpTableWriter().WriteAsync(sharp, table, CancellationToken.None);
        await new ParquetTableWriter().WriteAsync(net, table, CancellationToken.None);
        var rows = await TableFileReader.ReadAsync(sharp, CancellationToken.None);

        Assert.Equal(10_000, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal<IReadOnlyDictionary<string, object?>>(ExpectedRow(i), rows[i]);
        }
        Assert.Equal(await TableFileReader.ReadAsync(net, CancellationToken.None), rows);
    }

    [Fact]
    public async Task DuckDB_reads_the_same_column_types_and_rows_from_either_writer_s_file()
    {
        var table = AllTypes(5_000);
        var sharp = Path.Combine(_directory, "sharp.parquet");
        var net = Path.Combine(_directory, "net.parquet");
        await new ParquetSharpTableWriter().WriteAsync(sharp, table, CancellationToken.None);
        await new ParquetTableWriter().WriteAsync(net, table, CancellationToken.None);
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        // Instants compare as UTC whatever zone the machine is in.
        using (var zone = duck.CreateCommand())
        {
            zone.CommandText = "SET TimeZone = 'UTC'";
            zone.ExecuteNonQuery();
        }

        var types = Types(duck, sharp);
        Assert.Equal(Types(duck, net).Select(t => t.Name), types.Select(t => t.Name));
        // Parquet.Net's file leaves out the UTC mark (DuckDB reads TIMESTAMP); Arrow writes it, as the schema means.
        Assert.Equal(["BOOLEAN", "BIGINT", "DOUBLE", "TIMESTAMP WITH TIME ZONE", "VARCHAR", "VARCHAR"], types.Select(t => t.Type));
        Assert.Equal(5_000L, Scalar(duck, $"SELECT count(*) FROM read_parquet('{sharp}')"));
        Assert.Equal(0L, Scalar(duck, $"SELECT count(*) FROM (SELECT * FROM read_parquet('{sharp}') EXCEPT ALL SELECT * FROM read_parquet('{net}'))"));
        Assert.Equal(0L, Scalar(duck, $"SELECT count(*) FROM (SELECT * FROM read_parquet('{net}') EXCEPT ALL SELECT * FROM read_parquet('{sharp}'))"));
        // Only row 0 is at noon: the instant is read as UTC.
        Assert.Equal(1L, Scalar(duck, $"SELECT count(*) FROM read_parquet('{sharp}') WHERE \"at\" = TIMESTAMPTZ '2026-12-06 12:00:00+00'"));
    }

    [Fact]
    public async Task Writing_over_an_existing_file_leaves_only_the_new_table()
    {
        var path = Path.Combine(_directory, "again.parquet");
        await new ParquetSharpTableWriter().WriteAsync(path, AllTypes(3_000), CancellationToken.None);

        await new ParquetSharpTableWriter().WriteAsync(path, AllTypes(2), CancellationToken.None);

        Assert.Equal<IReadOnlyDictionary<string, object?>>([ExpectedRow(0), ExpectedRow(1)], await TableFileReader.ReadAsync(path, CancellationToken.None));
    }

    [Fact]
    public async Task Every_stream_metrics_table_is_the_same_row_for_row_from_either_writer()
    {
        var values = MockUsers.Create(3_000, distinctUsers: 900);
        var records = values.Select((v, i) => new ConsumedRecord(i % 3, i / 3, Noon, null, Encoding.UTF8.GetBytes(v))).ToArray();
        Array.Sort(records, ConsumedRecord.ByPartitionThenOffset);
        var batch = new JobBatch(0, "users", new ProcessingWindow(Noon, Noon.AddSeconds(1)), records);
        var options = new JobOptions { Topic = "users", BootstrapServers = "unused:9092", OutputDirectory = _directory, InstanceId = "i" };
        using var places = new DocumentationPlaces();
        var job = new StreamMetricsJob(new JobContext(options, places, TextWriter.Null, NullLoggerFactory.Instance)) { RecordsPerPart = 1_000 };
        var sinks = new BothWriters(_directory);

        await job.ProcessBatchAsync(batch, sinks, CancellationToken.None);

        Assert.Equal(["country_counts-0", "gender_counts-0", "records-0", "records-1", "records-2", "users-0", "window_summary-0"], sinks.Written.Order(StringComparer.Ordinal));
        var recordRows = 0;
        foreach (var name in sinks.Written)
        {
            var net = await TableFileReader.ReadAsync(Path.Combine(_directory, name + ".net.parquet"), CancellationToken.None);
            var sharp = await TableFileReader.ReadAsync(Path.Combine(_directory, name + ".sharp.parquet"), CancellationToken.None);
            Assert.NotEmpty(sharp);
            Assert.Equal(net, sharp);
            recordRows += name.StartsWith("records", StringComparison.Ordinal) ? sharp.Count : 0;
        }
        Assert.Equal(3_000, recordRows);
        var first = await TableFileReader.ReadAsync(Path.Combine(_directory, "records-0.sharp.parquet"), CancellationToken.None);
        Assert.All(first, row => Assert.Equal("Doc City", TableFileReader.Text(row, "city")));
        Assert.All(first, row => Assert.Equal(Noon, row["window_start"]));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Writes every table the job hands it with both writers, side by side, named by table and part.
    private sealed class BothWriters(string directory) : IBatchSinks
    {
        private readonly Lock _lock = new();

        public List<string> Written { get; } = [];

        public int DeadLetterCount => 0;

        public Task WriteTableAsync(string table, ColumnarTable data, CancellationToken cancellationToken) =>
            WriteTablePartAsync(table, 0, data, cancellationToken);

        public async Task WriteTablePartAsync(string table, int part, ColumnarTable data, CancellationToken cancellationToken)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{table}-{part}");
            lock (_lock)
            {
                Written.Add(name);
            }
            await new ParquetTableWriter().WriteAsync(Path.Combine(directory, name + ".net.parquet"), data, cancellationToken);
            await new ParquetSharpTableWriter().WriteAsync(Path.Combine(directory, name + ".sharp.parquet"), data, cancellationToken);
        }

        public void DeadLetter(DeadLetter letter) => throw new InvalidOperationException("the mock users are all good records");
    }

    // Places every documentation address (192.0.2.0/24) in one city, so the enrichment columns hold text.
    private sealed class DocumentationPlaces : IIpEnricher
    {
        public bool IsAvailable => true;

        public Task<IReadOnlyDictionary<string, IpInfo>> EnrichAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, IpInfo>>(addresses.ToDictionary(a => a, a => new IpInfo(null, "Doc City", "Doc Region", "Docland", "1.5,-2.25", a.EndsWith('7') ? null : "12345", "Etc/UTC")));

        public void Dispose()
        {
        }
    }

    // Each column's nulls fall on different rows; row 7 holds a text of 300,000 characters, three bytes each in UTF-8.
    private static ColumnarTable AllTypes(int rows)
    {
        var schema = TableSchema.Of(("flag", ColumnType.Boolean), ("n", ColumnType.Long), ("x", ColumnType.Double), ("at", ColumnType.Timestamp), ("text", ColumnType.String), ("doc", ColumnType.Json));
        return ColumnarTable.FromRows(schema, [.. Enumerable.Range(0, rows).Select(i => Values(i))]);
    }

    private static object?[] Values(int i) =>
    [
        i % 5 == 1 ? null : i % 3 == 0,
        i % 7 == 2 ? null : (long)i * 1_000_003 - 5_000_000_000L,
        i % 11 == 3 ? null : i / 8.0 - 100.25,
        i % 13 == 4 ? null : Noon.AddTicks(i * 10L * (i % 2 == 0 ? 1 : -1_000_000)),
        i % 17 == 5 ? null : i == 7 ? new string('語', 300_000) : Words[i % Words.Length] + (i % 4 == 0 ? "" : i.ToString(CultureInfo.InvariantCulture)),
        i % 19 == 6 ? null : $$"""{"k":[{{i}},"{{Words[i % Words.Length].Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}}"]}""",
    ];

    private static Dictionary<string, object?> ExpectedRow(int i)
    {
        var values = Values(i);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["flag"] = values[0],
            ["n"] = values[1],
            ["x"] = values[2],
            ["at"] = values[3],
            ["text"] = values[4],
            ["doc"] = values[5],
        };
    }

    private static List<(string Name, string Type)> Types(DuckDBConnection duck, string path)
    {
        using var command = duck.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{path}')";
        using var reader = command.ExecuteReader();
        var types = new List<(string, string)>();
        while (reader.Read())
        {
            types.Add((reader.GetString(0), reader.GetString(1)));
        }
        return types;
    }

    private static long Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
