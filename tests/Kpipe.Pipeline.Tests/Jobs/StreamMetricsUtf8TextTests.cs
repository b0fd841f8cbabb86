using System.Text;
using System.Text.Json;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.StreamMetrics;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Sinks;
using Kpipe.Pipeline.Tests.BadData;
using Kpipe.Pipeline.Windows;
using Kpipe.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>
/// stream-metrics keeps text in UTF-8 from the records' bytes to the writers: escaped, non-ASCII and repaired text must
/// come out as the JSON says in every format, and text that cannot be decoded must send its record to the dead letters
/// with the reason decoding it gives.
/// </summary>
[Trait("Category", "Unit")]
public sealed class StreamMetricsUtf8TextTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private static readonly byte[][] Values =
    [
        Utf8("""{"id":"é1","first_name":"Zoë \"Z\" \u00e9\n\t","gender":"Female","country":"Côte d’Ivoire","tags":{"k":"日本"}}"""),
        Utf8("""{"id":2,"first_name":"plain","gender":"MALE","country":"C\u00f4te d\u2019Ivoire"}"""),
        Utf8("""{"id":3,"first_name":"x\ud800y"}"""),
        Utf8("""{"id":4,"first_name":"\udc00"}"""),
        [.. Utf8("""{"id":5,"first_name":"a"""), 0xFF, .. Utf8("\"}")],
        [.. Utf8("""{"id":6,"first_name":"\n"""), 0xC3, .. Utf8("\"}")],
        [.. Utf8("""{"id":7,"first_name":"nested","tags":{"k":" """), 0xFF, .. Utf8("\"}}")],
        Utf8("""{"id":"\ud83d\ude00","first_name":"😀 \/"}"""),
    ];

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Text_that_cannot_be_decoded_is_a_dead_letter_with_the_reason_decoding_it_gives()
    {
        var sinks = await RunAsync();

        Assert.Equal([2L, 3, 4, 5], sinks.Letters.Select(l => l.Offset));
        Assert.Equal(new[] { 2, 3, 4, 5 }.Select(i => ReasonOfDecoding(Values[i])), sinks.Letters.Select(l => l.Reason));
        Assert.All(sinks.Letters, l => Assert.StartsWith("not JSON: ", l.Reason));
    }

    [Fact]
    public async Task Escaped_non_ascii_and_repaired_text_is_kept_as_the_json_says_in_the_records_and_metrics()
    {
        var sinks = await RunAsync();

        var records = Rows(sinks.Tables[(StreamMetricsJob.RecordsTable, 0)]);
        Assert.Equal(["Zoë \"Z\" é\n\t", "plain", "nested", "😀 /"], records.Select(r => r["first_name"]));
        Assert.Equal(["é1", "2", "7", "😀"], records.Select(r => r["id"]));
        Assert.Equal(["""{"k":"日本"}""", null, "{\"k\":\" \uFFFD\"}", null], records.Select(r => r["tags"]));
        var users = Rows(sinks.Tables[(MetricsTables.Users, 0)]);
        Assert.Equal(["é1", "2", "7", "😀"], users.Select(r => r["id"]));
        var countries = Rows(sinks.Tables[(MetricsTables.CountryCounts, 0)]);
        Assert.Equal([null, "Côte d’Ivoire"], countries.Select(r => r["country"]));
        var summary = Assert.Single(Rows(sinks.Tables[(MetricsTables.WindowSummary, 0)]));
        Assert.Equal(("1", "1", "2"), (summary["male"], summary["female"], summary["other_gender"]));
    }

    [Theory]
    [InlineData(OutputFormat.Json)]
    [InlineData(OutputFormat.Csv)]
    [InlineData(OutputFormat.Parquet)]
    public async Task Every_format_writes_the_records_text_as_the_json_says(OutputFormat format)
    {
        var sinks = await RunAsync();
        var path = Path.Combine(_dir.Path, "records" + format.Extension());

        await format.Writer().WriteAsync(path, sinks.Tables[(StreamMetricsJob.RecordsTable, 0)], CancellationToken.None);
        var rows = await TableFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(["Zoë \"Z\" é\n\t", "plain", "nested", "😀 /"], rows.Select(r => TableFileReader.Text(r, "first_name")));
        Assert.Equal(["Côte d’Ivoire", "Côte d’Ivoire", null, null], rows.Select(r => TableFileReader.Text(r, "country")));
        Assert.Equal(["é1", "2", "7", "😀"], rows.Select(r => TableFileReader.Text(r, "id")));
    }

    public void Dispose() => _dir.Dispose();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // What reading every string of the record as UTF-16 throws, as the job's reason put it before text stayed UTF-8.
    private static string ReasonOfDecoding(byte[] value)
    {
        var reader = new Utf8JsonReader(value);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    reader.GetString();
                }
            }
        }
        catch (InvalidOperationException e)
        {
            return $"not JSON: {e.Message}";
        }
        return "decodes";
    }

    private static async Task<MemorySinks> RunAsync()
    {
        using var off = new NullIpEnricher("off in this test");
        var options = new JobOptions { Topic = "utf8", BootstrapServers = "unused:9092" };
        var job = new StreamMetricsJob(new JobContext(options, off, TextWriter.Null, NullLoggerFactory.Instance));
        var records = Values.Select((value, i) => new ConsumedRecord(0, i, Start, null, value)).ToArray();
        var sinks = new MemorySinks();
        await job.ProcessBatchAsync(new JobBatch(0, "utf8", new ProcessingWindow(Start, Start.AddSeconds(1)), records), sinks, CancellationToken.None);
        return sinks;
    }

    // The table's rows as text, read while the job's memory still holds them.
    private static List<Dictionary<string, string?>> Rows(ColumnarTable table) =>
        [.. Enumerable.Range(0, table.RowCount).Select(row => table.Schema.Columns.Select((c, i) => (c.Name, Value: TextOf(table.Columns[i], row))).ToDictionary(p => p.Name, p => p.Value))];

    private static string? TextOf(ColumnValues column, int row) => column switch
    {
        ColumnValues<ReadOnlyMemory<byte>> utf8 => utf8.Values.Span[row] is { } bytes ? Encoding.UTF8.GetString(bytes.Span) : null,
        ColumnValues<ReadOnlyMemory<char>> text => text.Values.Span[row]?.ToString(),
        ColumnValues<long> numbers => numbers.Values.Span[row]?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
