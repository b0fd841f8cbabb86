using System.Globalization;
using System.Text;
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

    private static readonly ColumnType[] AddedTypes =
    [
        ColumnType.String, ColumnType.String, ColumnType.String, ColumnType.String, ColumnType.String, ColumnType.String,
        ColumnType.String, ColumnType.Timestamp, ColumnType.Long, ColumnType.Long,
    ];

    private readonly JobContext _context;
    private readonly FieldIds _fieldIds = new();
    private readonly RecordScanner _scanner;
    private readonly List<JsonCell> _cells = [];
    private readonly List<ScannedRecord> _good = [];
    private InferredSchema _schema = new();

    /// <summary>Creates the job with the context's field names, enricher and terminal.</summary>
    public StreamMetricsJob(JobContext context)
    {
        _context = context;
        _scanner = new RecordScanner(_fieldIds, context.Options.Fields);
    }

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
        // The cell lists are kept from batch to batch (emptied after each, so they hold no strings) to spare the large
        // object heap a fresh pair of arrays per batch.
        var cells = _cells;
        var good = _good;
        try
        {
            var addresses = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < batch.Records.Count; i++)
            {
                var first = cells.Count;
                if (_scanner.TryScan(batch.Records[i], cells, sinks, out var user))
                {
                    good.Add(new ScannedRecord(i, first, cells.Count - first, user));
                    if (user.Ip is not null)
                    {
                        addresses.Add(user.Ip);
                    }
                }
            }
            ObserveSchema(cells);
            var geo = addresses.Count > 0
                ? await _context.Enricher.EnrichAsync(addresses, cancellationToken)
                : new Dictionary<string, IpInfo>();

            var metrics = new WindowMetrics(batch.Window.Start, batch.Window.End);
            var located = new IpInfo?[good.Count];
            for (var i = 0; i < good.Count; i++)
            {
                var user = good[i].User;
                located[i] = user.Ip is not null && geo.TryGetValue(user.Ip, out var info) ? info : null;
                // The record's own country wins; the geolocated one only fills in when the record has none.
                metrics.Add(user.Id, user.Gender, user.Country ?? located[i]?.Country);
            }
            metrics.AddDeadLetters(sinks.DeadLetterCount);

            await sinks.WriteTableAsync(MetricsTables.WindowSummary, MetricsTables.WindowSummarySchema, MetricsTables.SummaryRows(metrics), cancellationToken);
            await sinks.WriteTableAsync(MetricsTables.CountryCounts, MetricsTables.CountryCountsSchema, MetricsTables.CountryRows(metrics), cancellationToken);
            await sinks.WriteTableAsync(MetricsTables.GenderCounts, MetricsTables.GenderCountsSchema, MetricsTables.GenderRows(metrics), cancellationToken);
            await sinks.WriteTableAsync(MetricsTables.Users, MetricsTables.UsersSchema, MetricsTables.UserRows(metrics), cancellationToken);
            var (schema, rows) = RecordRows(batch, good, cells, located);
            await sinks.WriteTableAsync(RecordsTable, schema, rows, cancellationToken);
            await _context.Terminal.WriteLineAsync(Summary(batch, metrics).AsMemory(), cancellationToken);
        }
        finally
        {
            cells.Clear();
            good.Clear();
        }
    }

    // Types widen the same in any order, so each field's values are joined here and the schema is touched once per field.
    private void ObserveSchema(List<JsonCell> cells)
    {
        var seen = new bool[_fieldIds.Count];
        var types = new ColumnType?[_fieldIds.Count];
        foreach (var cell in cells)
        {
            types[cell.Field] = seen[cell.Field] ? InferredSchema.Widen(types[cell.Field], cell.Type) : cell.Type;
            seen[cell.Field] = true;
        }
        for (var field = 0; field < seen.Length; field++)
        {
            if (seen[field])
            {
                _schema.Observe(_fieldIds.NameOf(field), types[field]);
            }
        }
    }

    private (TableSchema Schema, IReadOnlyList<object?[]> Rows) RecordRows(JobBatch batch, List<ScannedRecord> good, List<JsonCell> cells, IpInfo?[] located)
    {
        var original = _schema.Columns(Reserved);
        var columns = new TableColumn[original.Count + AddedColumns.Length];
        var ids = new int[original.Count];
        for (var c = 0; c < original.Count; c++)
        {
            columns[c] = original[c];
            ids[c] = _fieldIds.IdOf(original[c].Name);
        }
        var columnOf = new int[_fieldIds.Count];
        Array.Fill(columnOf, -1);
        for (var c = 0; c < ids.Length; c++)
        {
            columnOf[ids[c]] = c;
        }
        for (var c = 0; c < AddedColumns.Length; c++)
        {
            columns[original.Count + c] = new TableColumn(AddedColumns[c], AddedTypes[c]);
        }
        var windowStart = (object)batch.Window.Start;
        var rows = new object?[good.Count][];
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(cells);
        for (var i = 0; i < good.Count; i++)
        {
            var scanned = good[i];
            var record = batch.Records[scanned.Index];
            var row = new object?[columns.Length];
            // Cells go in field order, so a repeated field's last value is the one kept, as JsonElement.TryGetProperty has it.
            foreach (ref readonly var cell in span.Slice(scanned.FirstCell, scanned.CellCount))
            {
                var c = columnOf[cell.Field];
                if (c >= 0)
                {
                    row[c] = RecordScanner.ValueOf(cell, columns[c].Type, record.Value);
                }
            }
            var info = located[i];
            var n = original.Count;
            row[n] = info?.Hostname;
            row[n + 1] = info?.City;
            row[n + 2] = info?.Region;
            row[n + 3] = info?.Country;
            row[n + 4] = info?.Loc;
            row[n + 5] = info?.Postal;
            row[n + 6] = info?.Timezone;
            row[n + 7] = windowStart;
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
