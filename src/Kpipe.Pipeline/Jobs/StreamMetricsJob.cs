using System.Globalization;
using System.Text;
using System.Text.Json;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs.Schema;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// <c>stream-metrics</c> (<c>jobs.stream_spark</c>): per window, the tables window_summary, country_counts, gender_counts,
/// users (for exact merging) and records (original fields, IP enrichment, window_start, partition, offset), plus a
/// one-line summary on the terminal. A record without a country counts under its geolocated country.
/// </summary>
public sealed class StreamMetricsJob : IStatefulJob
{
    /// <summary>The records table.</summary>
    public const string RecordsTable = "records";

    private static readonly string[] AddedColumns = ["hostname", "city", "region", "country_geo", "loc", "postal", "timezone", "window_start", "partition", "offset"];
    private static readonly HashSet<string> Reserved = new(AddedColumns, StringComparer.Ordinal);

    private readonly JobContext _context;
    private InferredSchema _schema = new();

    /// <summary>Creates the job with the context's field names, enricher and terminal.</summary>
    public StreamMetricsJob(JobContext context) => _context = context;

    /// <inheritdoc />
    public string Name => "stream-metrics";

    /// <inheritdoc />
    public string Alias => "jobs.stream_spark";

    /// <inheritdoc />
    public string? SaveState() => _schema.Serialize();

    /// <inheritdoc />
    public void RestoreState(string? state) => _schema = InferredSchema.Deserialize(state);

    /// <inheritdoc />
    public async Task ProcessBatchAsync(JobBatch batch, IBatchSinks sinks, CancellationToken cancellationToken)
    {
        var fields = _context.Options.Fields;
        var parsed = new List<(ConsumedRecord Record, JsonDocument Document, UserFields User)>(batch.Records.Count);
        try
        {
            var addresses = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in batch.Records)
            {
                var document = RecordParser.ParseObject(record, sinks);
                if (document is null)
                {
                    continue;
                }
                if (!RecordParser.TryReadUser(record, document.RootElement, fields, sinks, out var user))
                {
                    document.Dispose();
                    continue;
                }
                parsed.Add((record, document, user));
                _schema.Observe(document.RootElement);
                if (user.Ip is not null)
                {
                    addresses.Add(user.Ip);
                }
            }
            var geo = addresses.Count > 0
                ? await _context.Enricher.EnrichAsync(addresses, cancellationToken)
                : new Dictionary<string, IpInfo>();

            var metrics = new WindowMetrics(batch.Window.Start, batch.Window.End);
            foreach (var (_, _, user) in parsed)
            {
                // The record's own country wins; the geolocated one only fills in when the record has none.
                var country = user.Country;
                if (country is null && user.Ip is not null && geo.TryGetValue(user.Ip, out var info))
                {
                    country = info.Country;
                }
                metrics.Add(user.Id, user.Gender, country);
            }
            metrics.AddDeadLetters(sinks.DeadLetterCount);

            await sinks.WriteTableAsync(MetricsTables.WindowSummary, MetricsTables.WindowSummarySchema, MetricsTables.SummaryRows(metrics), cancellationToken);
            await sinks.WriteTableAsync(MetricsTables.CountryCounts, MetricsTables.CountryCountsSchema, MetricsTables.CountryRows(metrics), cancellationToken);
            await sinks.WriteTableAsync(MetricsTables.GenderCounts, MetricsTables.GenderCountsSchema, MetricsTables.GenderRows(metrics), cancellationToken);
            await sinks.WriteTableAsync(MetricsTables.Users, MetricsTables.UsersSchema, MetricsTables.UserRows(metrics), cancellationToken);
            var (schema, rows) = RecordRows(batch, parsed, geo);
            await sinks.WriteTableAsync(RecordsTable, schema, rows, cancellationToken);
            await _context.Terminal.WriteLineAsync(Summary(batch, metrics).AsMemory(), cancellationToken);
        }
        finally
        {
            foreach (var (_, document, _) in parsed)
            {
                document.Dispose();
            }
        }
    }

    private (TableSchema Schema, IReadOnlyList<object?[]> Rows) RecordRows(
        JobBatch batch, List<(ConsumedRecord Record, JsonDocument Document, UserFields User)> parsed, IReadOnlyDictionary<string, IpInfo> geo)
    {
        var original = _schema.Columns(Reserved);
        var columns = original.Concat(
        [
            new TableColumn("hostname", ColumnType.String), new TableColumn("city", ColumnType.String),
            new TableColumn("region", ColumnType.String), new TableColumn("country_geo", ColumnType.String),
            new TableColumn("loc", ColumnType.String), new TableColumn("postal", ColumnType.String),
            new TableColumn("timezone", ColumnType.String), new TableColumn("window_start", ColumnType.Timestamp),
            new TableColumn("partition", ColumnType.Long), new TableColumn("offset", ColumnType.Long),
        ]).ToArray();
        var rows = new object?[parsed.Count][];
        for (var i = 0; i < parsed.Count; i++)
        {
            var (record, document, user) = parsed[i];
            var row = new object?[columns.Length];
            for (var c = 0; c < original.Count; c++)
            {
                row[c] = document.RootElement.TryGetProperty(original[c].Name, out var value) ? InferredSchema.ValueOf(value, original[c].Type) : null;
            }
            var info = user.Ip is not null && geo.TryGetValue(user.Ip, out var found) ? found : null;
            var n = original.Count;
            row[n] = info?.Hostname;
            row[n + 1] = info?.City;
            row[n + 2] = info?.Region;
            row[n + 3] = info?.Country;
            row[n + 4] = info?.Loc;
            row[n + 5] = info?.Postal;
            row[n + 6] = info?.Timezone;
            row[n + 7] = batch.Window.Start;
            row[n + 8] = (long)record.Partition;
            row[n + 9] = record.Offset;
            rows[i] = row;
        }
        return (new TableSchema(columns), rows);
    }

    private static string Summary(JobBatch batch, WindowMetrics m)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{batch.Window.Start.UtcDateTime:HH:mm:ss}–{batch.Window.End.UtcDateTime:HH:mm:ss}] batch {batch.BatchId}: ");
        text.Append(CultureInfo.InvariantCulture, $"{m.Records:N0} records, {m.UniqueUsers:N0} users, male {m.Male:N0} / female {m.Female:N0} / other {m.OtherGender:N0}, {m.DeadLetters:N0} dead letters");
        var top = m.Countries.Where(c => c.Key.Length > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(3).ToArray();
        if (top.Length > 0)
        {
            text.Append("; top countries: ").AppendJoin(", ", top.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));
        }
        return text.ToString();
    }
}
