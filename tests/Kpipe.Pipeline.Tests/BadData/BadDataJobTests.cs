using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.Registry;
using Kpipe.Pipeline.Jobs.StreamRaw;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Windows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.BadData;

[Trait("Category", "Unit")]
public sealed class BadDataJobTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(CorpusKinds.Names), MemberType = typeof(CorpusKinds))]
    public async Task Stream_metrics_counts_every_good_record_and_dead_letters_the_rest_with_a_reason(string kind)
    {
        var file = CorpusKinds.File(kind);
        var (batch, sinks, terminal) = await RunAsync("stream-metrics", file);

        Assert.Equal(file.Good - file.Unreachable, sinks.Rows(StreamMetricsRecords));
        Assert.Equal(file.MetricsInvalid + file.Unparseable, sinks.Letters.Count);
        Assert.All(sinks.Letters, l => Assert.False(string.IsNullOrWhiteSpace(l.Reason)));
        if (batch.Records.Count > 0)
        {
            var summary = sinks.Tables[(MetricsTables.WindowSummary, 0)];
            Assert.Equal(1, summary.RowCount);
            Assert.Contains($" {file.DistinctIds:N0} users", terminal.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(CorpusKinds.Names), MemberType = typeof(CorpusKinds))]
    public async Task Stream_raw_keeps_every_json_object_and_dead_letters_what_it_cannot_parse(string kind)
    {
        var file = CorpusKinds.File(kind);
        var (_, sinks, _) = await RunAsync("stream-raw", file);

        Assert.Equal(file.Good + file.MetricsInvalid - file.Unreachable, sinks.Rows(StreamRawJob.Table));
        Assert.Equal(file.Unparseable, sinks.Letters.Count);
    }

    [Theory]
    [MemberData(nameof(CorpusKinds.Names), MemberType = typeof(CorpusKinds))]
    public async Task Consumer_prints_one_line_per_record(string kind)
    {
        var file = CorpusKinds.File(kind);
        var (batch, _, terminal) = await RunAsync("consumer", file);

        Assert.Equal(batch.Records.Count, terminal.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("""{"id":1,"ip_address":"10.1"}""", "invalid IP address")]
    [InlineData("""{"id":1,"ip_address":"1.2.3"}""", "invalid IP address")]
    [InlineData("""{"id":1,"gender":7}""", "invalid gender: field 'gender' is a number, not a string")]
    [InlineData("""{"id":1,"country":{"name":"Peru"}}""", "invalid country: field 'country' is an object, not a string")]
    [InlineData("""{"id":1,"country":["Peru"]}""", "invalid country: field 'country' is an array, not a string")]
    public async Task Stream_metrics_dead_letters_user_fields_it_would_miscount(string value, string reason)
    {
        var records = new List<ConsumedRecord> { new(0, 0, Start, null, System.Text.Encoding.UTF8.GetBytes(value)) };
        var sinks = new MemorySinks();

        await Job("stream-metrics", new StringWriter()).ProcessBatchAsync(new JobBatch(1, "t", new ProcessingWindow(Start, Start.AddMinutes(1)), records), sinks, CancellationToken.None);

        Assert.StartsWith(reason, Assert.Single(sinks.Letters).Reason);
    }

    [Fact]
    public async Task Stream_raw_dead_letters_a_value_that_is_not_utf8_instead_of_failing_the_batch()
    {
        byte[] value = [.. "{\"id\":1,\"name\":\"a"u8, 0xFF, .. "\"}"u8];
        var records = new List<ConsumedRecord> { new(0, 0, Start, null, value), new(0, 1, Start, null, "{\"id\":2}"u8.ToArray()) };
        var sinks = new MemorySinks();

        await Job("stream-raw", new StringWriter()).ProcessBatchAsync(new JobBatch(1, "t", new ProcessingWindow(Start, Start.AddMinutes(1)), records), sinks, CancellationToken.None);

        Assert.Equal("not JSON: the value is not valid UTF-8", Assert.Single(sinks.Letters).Reason);
        Assert.Equal(1, sinks.Rows(StreamRawJob.Table));
    }

    private const string StreamMetricsRecords = "records";

    private static async Task<(JobBatch Batch, MemorySinks Sinks, StringWriter Terminal)> RunAsync(string job, Testing.BadData.BadDataFile file)
    {
        var (values, _, _) = await CorpusKinds.ReadAsync(file.Bytes);
        var records = values.Select((v, i) => new ConsumedRecord(0, i, Start, null, v)).ToList();
        var batch = new JobBatch(1, "t", new ProcessingWindow(Start, Start.AddMinutes(1)), records);
        var sinks = new MemorySinks();
        var terminal = new StringWriter();
        await Job(job, terminal).ProcessBatchAsync(batch, sinks, CancellationToken.None);
        return (batch, sinks, terminal);
    }

    private static IJob Job(string name, TextWriter terminal)
    {
        Assert.True(JobRegistry.Default.TryFind(name, out var descriptor));
        var options = new JobOptions { Topic = "t", BootstrapServers = "127.0.0.1:1" };
        return descriptor.Create(new JobContext(options, new NullIpEnricher(), terminal, NullLoggerFactory.Instance));
    }
}
