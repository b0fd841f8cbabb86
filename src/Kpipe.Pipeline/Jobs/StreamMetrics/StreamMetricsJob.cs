using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs.Schema;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

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
    private readonly List<BatchShard> _shards = [];

    // Counted into and written from again each batch, so their large arrays are not new memory every batch.
    private readonly WindowMetrics _metrics = new(default, default);
    private readonly ReusedArrays _usersTable = new();
    private InferredSchema _schema = new();

    /// <summary>Creates the job with the context's field names, enricher and terminal.</summary>
    public StreamMetricsJob(JobContext context) => _context = context;

    /// <summary>
    /// A batch is cut into parts of at most this many records, each scanned and written as a records part file on a
    /// core of its own. The count depends only on the batch's size, so a re-run of a batch writes the same files.
    /// </summary>
    internal int RecordsPerPart { get; init; } = 100_000;

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
        var count = batch.Records.Count;
        var parts = Math.Max(1, (count + RecordsPerPart - 1) / RecordsPerPart);
        while (_shards.Count < parts)
        {
            _shards.Add(new BatchShard(_fieldIds, _context.Options.Fields));
        }
        // The shards' lists, text and arrays are kept from batch to batch (emptied after each) to spare the large
        // object heap a fresh set per batch.
        var shards = _shards.GetRange(0, parts);
        try
        {
            // Each shard scans its records and looks up their addresses on a core of its own.
            var located = new PlaceText?[]?[parts];
            await InParallel(parts, async part =>
            {
                var shard = shards[part];
                shard.Scan(batch, (int)((long)part * count / parts), (int)((long)(part + 1) * count / parts));
                located[part] = shard.Places.Resolve(await ShardLocator.LocateAsync(_context.Enricher, shard, Math.Max(1, Environment.ProcessorCount / parts), cancellationToken));
            }, cancellationToken);
            foreach (var shard in shards)
            {
                foreach (var letter in shard.Rejected)
                {
                    sinks.DeadLetter(letter);
                }
            }
            ObserveSchema(shards);

            // The records table, the largest, is built and written part by part on other cores while the metrics are
            // counted and their tables written here.
            var columns = _schema.Columns(Reserved);
            var writingRecords = Task.WhenAll(Enumerable.Range(0, parts).Select(part => Task.Run(() =>
            {
                var shard = shards[part];
                var records = RecordsTableBuilder.Build(batch, columns, _fieldIds, shard.Good, shard.Cells, located[part], shard.Arrays);
                return sinks.WriteTablePartAsync(RecordsTable, part, records, cancellationToken);
            }, cancellationToken)));
            var metrics = _metrics;
            try
            {
                Count(metrics, batch, shards, located, sinks.DeadLetterCount);
                await sinks.WriteTableAsync(MetricsTables.WindowSummary, MetricsTables.Summary(metrics), cancellationToken);
                await sinks.WriteTableAsync(MetricsTables.CountryCounts, MetricsTables.CountryTable(metrics), cancellationToken);
                await sinks.WriteTableAsync(MetricsTables.GenderCounts, MetricsTables.GenderTable(metrics), cancellationToken);
                await sinks.WriteTableAsync(MetricsTables.Users, MetricsTables.UserTable(metrics, _usersTable), cancellationToken);
            }
            finally
            {
                // The records parts read the shards' cells and text, which are emptied once this batch is done.
                await writingRecords;
            }
            await _context.Terminal.WriteLineAsync(Summary(batch, metrics).AsMemory(), cancellationToken);
            _context.Observer?.WindowCompleted(Snapshot(batch, metrics));
        }
        finally
        {
            foreach (var shard in shards)
            {
                shard.Reset();
            }
        }
    }

    private static void Count(WindowMetrics metrics, JobBatch batch, List<BatchShard> shards, PlaceText?[]?[] located, int deadLetters)
    {
        // At most one distinct id per good record: the id set never grows while it is filled.
        metrics.Reset(batch.Window.Start, batch.Window.End, shards.Sum(shard => shard.Good.Count));
        for (var part = 0; part < shards.Count; part++)
        {
            var good = shards[part].Good;
            var places = located[part];
            for (var i = 0; i < good.Count; i++)
            {
                var user = good[i].User;
                // The record's own country wins; the geolocated one only fills in when the record has none.
                var country = user.Country is { } own ? own.Span : places?[i]?.Country is { } geo ? geo.Span : default;
                metrics.Add(user.Id, user.Gender is { } gender ? gender.Span : default, country);
            }
        }
        metrics.AddDeadLetters(deadLetters);
    }

    private static Task InParallel(int parts, Func<int, Task> work, CancellationToken cancellationToken) => parts == 1
        ? work(0)
        : Task.WhenAll(Enumerable.Range(0, parts).Select(part => Task.Run(() => work(part), cancellationToken)));

    // Types widen the same in any order, so each field's values are joined here and the schema is touched once per field.
    private void ObserveSchema(List<BatchShard> shards)
    {
        var seen = new bool[_fieldIds.Count];
        var types = new ColumnType?[_fieldIds.Count];
        foreach (var shard in shards)
        {
            foreach (ref readonly var cell in CollectionsMarshal.AsSpan(shard.Cells))
            {
                types[cell.Field] = seen[cell.Field] ? InferredSchema.Widen(types[cell.Field], cell.Type) : cell.Type;
                seen[cell.Field] = true;
            }
        }
        for (var field = 0; field < seen.Length; field++)
        {
            if (seen[field])
            {
                _schema.Observe(_fieldIds.NameOf(field), types[field]);
            }
        }
    }

    private static WindowSnapshot Snapshot(JobBatch batch, WindowMetrics m) => new(
        batch.BatchId, batch.Window.Start, batch.Window.End, m.Records, m.UniqueUsers, m.Male, m.Female, m.OtherGender, m.DeadLetters,
        [.. TopCountries(m, 10)]);

    private static IEnumerable<KeyValuePair<string, long>> TopCountries(WindowMetrics m, int count) =>
        m.Countries.Where(c => c.Key.Length > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(count);

    private static string Summary(JobBatch batch, WindowMetrics m)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{batch.Window.Start.UtcDateTime:HH:mm:ss}–{batch.Window.End.UtcDateTime:HH:mm:ss}] batch {batch.BatchId}: ");
        text.Append(CultureInfo.InvariantCulture, $"{m.Records:N0} records, {m.UniqueUsers:N0} users, male {m.Male:N0} / female {m.Female:N0} / other {m.OtherGender:N0}, {m.DeadLetters:N0} dead letters");
        var top = TopCountries(m, 3).ToArray();
        if (top.Length > 0)
        {
            text.Append("; top countries: ").AppendJoin(", ", top.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));
        }
        return text.ToString();
    }
}
