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

    private static readonly HashSet<string> Reserved = new(RecordsTableBuilder.AddedColumns.Select(c => c.Name), StringComparer.Ordinal);

    private readonly JobContext _context;
    private readonly FieldIds _fieldIds = new();
    private readonly CharArena _text = new();
    private readonly RecordScanner _scanner;
    private readonly List<JsonCell> _cells = [];
    private readonly List<ScannedRecord> _good = [];
    private readonly ReusedArrays _arrays = new();
    private InferredSchema _schema = new();

    /// <summary>Creates the job with the context's field names, enricher and terminal.</summary>
    public StreamMetricsJob(JobContext context)
    {
        _context = context;
        _scanner = new RecordScanner(_fieldIds, context.Options.Fields, _text);
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
        // The cell lists, the text buffers and the column arrays are kept from batch to batch (emptied after each) to
        // spare the large object heap a fresh set per batch.
        var cells = _cells;
        var good = _good;
        try
        {
            for (var i = 0; i < batch.Records.Count; i++)
            {
                var first = cells.Count;
                if (_scanner.TryScan(batch.Records[i], cells, sinks, out var user))
                {
                    good.Add(new ScannedRecord(i, first, cells.Count - first, user));
                }
            }
            ObserveSchema(cells);
            var located = await LocateAsync(good, cancellationToken);

            var metrics = new WindowMetrics(batch.Window.Start, batch.Window.End);
            for (var i = 0; i < good.Count; i++)
            {
                var user = good[i].User;
                // The record's own country wins; the geolocated one only fills in when the record has none.
                var country = user.Country is { } own ? own.Span : located?[i]?.Country;
                metrics.Add(user.Id, user.Gender is { } gender ? gender.Span : default, country);
            }
            metrics.AddDeadLetters(sinks.DeadLetterCount);

            // The records table, the largest, is written on a core of its own while the metrics tables are built and written.
            var records = RecordsTableBuilder.Build(batch, _schema.Columns(Reserved), _fieldIds, good, cells, located, _text, _arrays);
            var writingRecords = Task.Run(() => sinks.WriteTableAsync(RecordsTable, records, cancellationToken), cancellationToken);
            try
            {
                await sinks.WriteTableAsync(MetricsTables.WindowSummary, MetricsTables.Summary(metrics), cancellationToken);
                await sinks.WriteTableAsync(MetricsTables.CountryCounts, MetricsTables.CountryTable(metrics), cancellationToken);
                await sinks.WriteTableAsync(MetricsTables.GenderCounts, MetricsTables.GenderTable(metrics), cancellationToken);
                await sinks.WriteTableAsync(MetricsTables.Users, MetricsTables.UserTable(metrics), cancellationToken);
            }
            finally
            {
                // The records table reads the cells and text buffers, which are emptied once this batch is done.
                await writingRecords;
            }
            await _context.Terminal.WriteLineAsync(Summary(batch, metrics).AsMemory(), cancellationToken);
        }
        finally
        {
            cells.Clear();
            good.Clear();
            _text.Reset();
        }
    }

    // One lookup per distinct address; null when the enricher can find nothing, so no record pays for an address set.
    // Enrichers are thread-safe: the addresses are split by hash into one share per core, looked up side by side.
    private async Task<IpInfo?[]?> LocateAsync(List<ScannedRecord> good, CancellationToken cancellationToken)
    {
        if (!_context.Enricher.IsAvailable)
        {
            return null;
        }
        var shares = new HashSet<string>[Environment.ProcessorCount];
        for (var s = 0; s < shares.Length; s++)
        {
            shares[s] = new HashSet<string>(StringComparer.Ordinal);
        }
        foreach (var scanned in good)
        {
            if (scanned.User.Ip is { } ip)
            {
                shares[ShareOf(ip.Span, shares.Length)].GetAlternateLookup<ReadOnlySpan<char>>().Add(ip.Span);
            }
        }
        if (shares.All(share => share.Count == 0))
        {
            return null;
        }
        var found = await Task.WhenAll(shares.Select(share => share.Count == 0
            ? Task.FromResult<IReadOnlyDictionary<string, IpInfo>>(new Dictionary<string, IpInfo>())
            : Task.Run(() => _context.Enricher.EnrichAsync(share, cancellationToken), cancellationToken)));
        var located = new IpInfo?[good.Count];
        for (var i = 0; i < good.Count; i++)
        {
            if (good[i].User.Ip is { } ip)
            {
                located[i] = Find(found[ShareOf(ip.Span, found.Length)], ip);
            }
        }
        return located;
    }

    private static int ShareOf(ReadOnlySpan<char> address, int shares) => (int)((uint)string.GetHashCode(address) % (uint)shares);

    private static IpInfo? Find(IReadOnlyDictionary<string, IpInfo> found, ReadOnlyMemory<char> address)
    {
        if (found is Dictionary<string, IpInfo> dictionary && dictionary.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            return lookup.TryGetValue(address.Span, out var known) ? known : null;
        }
        return found.TryGetValue(address.ToString(), out var info) ? info : null;
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
