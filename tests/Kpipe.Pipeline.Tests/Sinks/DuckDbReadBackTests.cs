using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.StreamMetrics;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Runtime;
using Kpipe.Pipeline.Sinks;
using Kpipe.Pipeline.Tests.Jobs;
using Kpipe.Pipeline.Windows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Sinks;

[Trait("Category", "Unit")]
public sealed class DuckDbReadBackTests : IDisposable
{
    private static readonly ProcessingWindow Window = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 31, 12, 0, 10, TimeSpan.Zero));
    private readonly JobHarness _harness = new();

    [Theory]
    [InlineData(OutputFormat.Json)]
    [InlineData(OutputFormat.Csv)]
    [InlineData(OutputFormat.Parquet)]
    public async Task Stream_metrics_tables_read_back_by_DuckDB_match_an_independent_computation(OutputFormat format)
    {
        var values = MockUsers.Create(500, distinctUsers: 180);
        var expected = Independent(values);
        var root = await RunStreamMetricsAsync(format, values);
        var ext = format.Extension();
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();

        var reader = format switch
        {
            OutputFormat.Json => "read_json_auto",
            OutputFormat.Csv => "read_csv_auto",
            _ => "read_parquet",
        };
        string Table(string table) => $"{reader}('{Path.Combine(root, table, Window.DirectoryName, "*" + ext)}')";

        Assert.Equal(500L, Scalar(duck, $"SELECT count(*) FROM {Table("records")}"));
        Assert.Equal(500L, Scalar(duck, $"SELECT sum(records) FROM {Table("window_summary")}"));
        Assert.Equal((long)expected.Users, Scalar(duck, $"SELECT sum(unique_users) FROM {Table("window_summary")}"));
        Assert.Equal((long)expected.Users, Scalar(duck, $"SELECT count(DISTINCT id) FROM {Table("users")}"));
        Assert.Equal(expected.Male, Scalar(duck, $"SELECT sum(male) FROM {Table("window_summary")}"));
        Assert.Equal(expected.Female, Scalar(duck, $"SELECT sum(female) FROM {Table("window_summary")}"));
        Assert.Equal(expected.Other, Scalar(duck, $"SELECT sum(other_gender) FROM {Table("window_summary")}"));
        foreach (var (country, count) in expected.Countries)
        {
            Assert.Equal(count, Scalar(duck, $"SELECT sum(\"count\") FROM {Table("country_counts")} WHERE {(country.Length == 0 ? "country IS NULL" : $"country = '{country}'")}"));
        }
        foreach (var (gender, count) in expected.Genders)
        {
            Assert.Equal(count, Scalar(duck, $"SELECT sum(\"count\") FROM {Table("gender_counts")} WHERE gender = '{gender}'"));
        }
        Assert.Equal(500L, Scalar(duck, $"SELECT count(*) FROM {Table("records")} WHERE last_name LIKE 'O''Last, %' AND \"offset\" >= 0 AND \"partition\" = 0"));
    }

    [Fact]
    public async Task Report_merges_parts_of_different_formats_into_the_independent_totals()
    {
        var values = MockUsers.Create(300, distinctUsers: 100);
        var expected = Independent(values);
        await RunStreamMetricsAsync(OutputFormat.Parquet, values.Take(120).ToArray(), "a");
        await RunStreamMetricsAsync(OutputFormat.Csv, values.Skip(120).ToArray(), "b");

        var report = await MetricsReportReader.ReadAsync(Path.Combine(_harness.Root, "output"), CancellationToken.None);

        var topic = Assert.Single(report.Topics);
        var window = Assert.Single(topic.Windows);
        Assert.Equal(300, window.Records);
        Assert.Equal(expected.Users, window.UniqueUsers);
        Assert.Equal(expected.Male, window.Male);
        Assert.Equal(expected.Female, window.Female);
        Assert.Equal(expected.Other, window.OtherGender);
        Assert.Equal(expected.Countries, window.Countries);
    }

    public void Dispose() => _harness.Dispose();

    private async Task<string> RunStreamMetricsAsync(OutputFormat format, IReadOnlyList<string> values, string instance = "i0")
    {
        var options = new JobOptions { Topic = "users", BootstrapServers = "unused:9092", Format = format, OutputDirectory = Path.Combine(_harness.Root, "output"), InstanceId = instance };
        var job = new StreamMetricsJob(new JobContext(options, new NullIpEnricher(), TextWriter.Null, NullLoggerFactory.Instance));
        var records = values.Select((v, i) => new ConsumedRecord(0, i, Window.Start, null, Encoding.UTF8.GetBytes(v))).ToArray();
        var batch = new JobBatch(0, "users", Window, records);
        var root = options.JobOutputDirectory(job.Name);
        var sinks = new PartFileSinks(root, instance, format, batch, new NoFaults());
        await job.ProcessBatchAsync(batch, sinks, CancellationToken.None);
        await sinks.CommitAsync(CancellationToken.None);
        return root;
    }

    private static long Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() switch
        {
            System.Numerics.BigInteger big => (long)big,
            var value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    // Computed straight from the JSON with LINQ, sharing no code with the job.
    private static Expected Independent(IReadOnlyList<string> values)
    {
        var docs = values.Select(v => JsonDocument.Parse(v).RootElement).ToArray();
        string? Field(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ToString() : null;
        return new Expected(
            docs.Select(d => d.GetProperty("id").GetRawText()).Distinct().Count(),
            docs.LongCount(d => Field(d, "gender") == "Male"),
            docs.LongCount(d => Field(d, "gender") == "Female"),
            docs.LongCount(d => Field(d, "gender") is not "Male" and not "Female"),
            docs.GroupBy(d => Field(d, "country") ?? string.Empty).ToDictionary(g => g.Key, g => g.LongCount()),
            docs.GroupBy(d => Field(d, "gender")!).Select(g => (g.Key, g.LongCount())).ToArray());
    }

    private sealed record Expected(int Users, long Male, long Female, long Other, Dictionary<string, long> Countries, (string Gender, long Count)[] Genders);
}
