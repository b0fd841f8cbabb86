using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.StreamMetrics;
using Kpipe.Pipeline.Records;
using Kpipe.Pipeline.Sinks;
using Kpipe.Pipeline.Tests.BadData;
using Kpipe.Pipeline.Tests.Enrichment.Support;
using Kpipe.Pipeline.Windows;
using Kpipe.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>
/// stream-metrics' tables for one fixed input (generated mock users, fixed seed, addresses in and out of a small
/// geolocation database, bad records among them), written down to every value: a change that makes the job faster must
/// leave them exactly as they were.
/// </summary>
[Trait("Category", "Unit")]
public sealed class StreamMetricsTablesTests : IDisposable
{
    // The digests of the tables main's job built for this input before the scanner and the enrichment call changed.
    private const string DigestWithoutEnrichment = "7d12aa244961ad103fad10a0a6908afe9807ada3b0916196c71a7662c7298b94";
    private const string DigestWithEnrichment = "11c01b4331d8cbc912237d5d1fe3d25c21bbf8ab80471797b7f4861f0437fbab";

    private static readonly DateTimeOffset Start = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Tables_without_enrichment_are_the_ones_main_built_for_the_same_input()
    {
        using var off = new NullIpEnricher("off in this test");

        var digest = Digest(await RunAsync(off));

        Assert.Equal(DigestWithoutEnrichment, digest);
    }

    [Fact]
    public async Task Tables_with_enrichment_from_a_database_are_the_ones_main_built_for_the_same_input()
    {
        using var enricher = Database();

        var digest = Digest(await RunAsync(enricher));

        Assert.Equal(DigestWithEnrichment, digest);
    }

    [Fact]
    public async Task A_database_answers_the_job_the_same_directly_as_through_its_batch_lookup()
    {
        using var enricher = Database();
        using var throughBatches = new BatchLookupOnly(enricher);

        var direct = Dump(await RunAsync(enricher));
        var batched = Dump(await RunAsync(throughBatches));

        Assert.Equal(batched, direct);
        Assert.Contains("Mountain View", direct, StringComparison.Ordinal);
        Assert.Contains("Montreal", direct, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private IIpEnricher Database()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        return IpEnricherFactory.Create(new GeoOptions { DatabasePaths = [v4, v6] }, NullLoggerFactory.Instance);
    }

    // Two batches of the same job (the second reuses the first's memory), each cut into parts of 700 records.
    private static async Task<List<MemorySinks>> RunAsync(IIpEnricher enricher)
    {
        var options = new JobOptions { Topic = "tables", BootstrapServers = "unused:9092" };
        var job = new StreamMetricsJob(new JobContext(options, enricher, TextWriter.Null, NullLoggerFactory.Instance)) { RecordsPerPart = 700 };
        var records = Input();
        var sinks = new List<MemorySinks>();
        for (var batch = 0; batch < 2; batch++)
        {
            var window = new ProcessingWindow(Start.AddSeconds(batch), Start.AddSeconds(batch + 1));
            var part = records.Skip(batch * 1500).Take(1500).ToArray();
            var batchSinks = new MemorySinks();
            await job.ProcessBatchAsync(new JobBatch(batch, "tables", window, part), batchSinks, CancellationToken.None);
            // The job's tables hold its reused memory: they are read before the next batch.
            sinks.Add(Snapshot(batchSinks));
        }
        return sinks;
    }

    // 3,000 mock users over three partitions, ordered by partition then offset as the runtime hands them over: addresses
    // the database knows (v4 and v6), private ones, unknown ones, records without a country, and bad records.
    private static ConsumedRecord[] Input()
    {
        var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        var offsets = new long[3];
        var records = new List<ConsumedRecord>();
        foreach (var user in new MockDataGenerator(MockDataGenerator.DefaultSeed).Generate(3000))
        {
            var i = user.Id;
            var address = (i % 6) switch
            {
                0 => $"8.8.8.{i % 256}",
                1 => $"81.2.69.{i % 256}",
                2 => $"10.{i % 256}.0.1",
                3 => $"2001:4860::{i % 4096:x}",
                _ => user.IpAddress,
            };
            var value = JsonSerializer.SerializeToUtf8Bytes(user with { IpAddress = address, Country = i % 5 == 0 ? null! : user.Country }, json);
            var text = (i % 97) switch
            {
                11 => "not json",
                12 => """{"first_name":"no id"}""",
                13 => $$"""{"id":{{i}},"ip_address":"1.2.3"}""",
                14 => $$"""{"id":"u{{i}}","gender":7}""",
                15 => $$"""{"id":{{i % 50}},"first_name":"Δ \u00e9\n","vip":true,"score":{{i}}.5,"tags":["a"],"ip_address":null}""",
                _ => null,
            };
            if (text is not null)
            {
                value = Encoding.UTF8.GetBytes(text);
            }
            // Users repeat across records (the id set counts them once) and across partitions.
            var partition = i % 3;
            records.Add(new ConsumedRecord(partition, offsets[partition]++, Start.AddMilliseconds(i), BitConverter.GetBytes(i % 2000), value));
        }
        records.Sort(ConsumedRecord.ByPartitionThenOffset);
        return [.. records];
    }

    private static MemorySinks Snapshot(MemorySinks sinks)
    {
        var copy = new MemorySinks();
        foreach (var ((table, part), data) in sinks.Tables)
        {
            copy.Tables[(table, part)] = new ColumnarTable(data.Schema, [.. data.Columns.Select(CopyOf)]);
        }
        foreach (var letter in sinks.Letters)
        {
            copy.DeadLetter(letter);
        }
        return copy;
    }

    private static ColumnValues CopyOf(ColumnValues column) => column switch
    {
        ColumnValues<ReadOnlyMemory<char>> text => new ColumnValues<ReadOnlyMemory<char>>(text.Values.ToArray().Select(v => v?.ToString().AsMemory()).ToArray()),
        ColumnValues<ReadOnlyMemory<byte>> utf8 => new ColumnValues<ReadOnlyMemory<byte>>(utf8.Values.ToArray().Select(v => v is { } bytes ? bytes.ToArray() : (ReadOnlyMemory<byte>?)null).ToArray()),
        ColumnValues<long> numbers => new ColumnValues<long>(numbers.Values.ToArray()),
        ColumnValues<double> numbers => new ColumnValues<double>(numbers.Values.ToArray()),
        ColumnValues<bool> flags => new ColumnValues<bool>(flags.Values.ToArray()),
        ColumnValues<DateTimeOffset> instants => new ColumnValues<DateTimeOffset>(instants.Values.ToArray()),
        _ => throw new ArgumentException($"unknown column {column.GetType().Name}"),
    };

    private static string Digest(List<MemorySinks> batches) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Dump(batches))));

    // Every table part of every batch, in a fixed order, value by value, then the dead letters.
    private static string Dump(List<MemorySinks> batches)
    {
        var text = new StringBuilder();
        foreach (var sinks in batches)
        {
            foreach (var ((table, part), data) in sinks.Tables.OrderBy(t => t.Key.Table, StringComparer.Ordinal).ThenBy(t => t.Key.Part))
            {
                text.Append(CultureInfo.InvariantCulture, $"table {table} part {part}: ");
                text.AppendJoin(", ", data.Schema.Columns.Select(c => $"{c.Name} {c.Type}")).Append('\n');
                for (var row = 0; row < data.RowCount; row++)
                {
                    text.AppendJoin('|', data.Columns.Select(c => Cell(c, row))).Append('\n');
                }
            }
            foreach (var letter in sinks.Letters)
            {
                text.Append(CultureInfo.InvariantCulture, $"dead letter {letter.Partition}/{letter.Offset} {letter.Timestamp.UtcTicks} {Convert.ToHexString(letter.Key ?? [])} {Convert.ToHexString(letter.Value)} {letter.Reason}\n");
            }
        }
        return text.ToString();
    }

    private static string Cell(ColumnValues column, int row) => column switch
    {
        ColumnValues<ReadOnlyMemory<char>> text => text.Values.Span[row] is { } value ? JsonSerializer.Serialize(value.ToString()) : "null",
        ColumnValues<ReadOnlyMemory<byte>> utf8 => utf8.Values.Span[row] is { } bytes ? JsonSerializer.Serialize(Encoding.UTF8.GetString(bytes.Span)) : "null",
        ColumnValues<long> numbers => numbers.Values.Span[row]?.ToString(CultureInfo.InvariantCulture) ?? "null",
        ColumnValues<double> numbers => numbers.Values.Span[row]?.ToString("R", CultureInfo.InvariantCulture) ?? "null",
        ColumnValues<bool> flags => flags.Values.Span[row]?.ToString() ?? "null",
        ColumnValues<DateTimeOffset> instants => instants.Values.Span[row]?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "null",
        _ => throw new ArgumentException($"unknown column {column.GetType().Name}"),
    };

    /// <summary>An enricher seen only through <see cref="IIpEnricher.EnrichAsync"/>, the way the job asks any enricher.</summary>
    private sealed class BatchLookupOnly(IIpEnricher inner) : IIpEnricher
    {
        public bool IsAvailable => inner.IsAvailable;

        public Task<IReadOnlyDictionary<string, IpInfo>> EnrichAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken) =>
            inner.EnrichAsync(addresses, cancellationToken);

        public void Dispose()
        {
        }
    }
}
