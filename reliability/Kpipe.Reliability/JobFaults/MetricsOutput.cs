using System.Globalization;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Reliability.JobFaults;

/// <summary>
/// What a stream-metrics run wrote, reduced to what does not depend on how records fell into windows: the records and
/// dead letters tables as multisets of rows without their window column, the country, gender and summary counts summed
/// over windows, and the distinct user ids over all windows.
/// </summary>
public sealed class MetricsOutput
{
    private MetricsOutput()
    {
    }

    /// <summary>Rows of the records table (window_start left out) and how many times each appears.</summary>
    public Dictionary<string, int> Records { get; } = new(StringComparer.Ordinal);

    /// <summary>How many records rows each (partition, offset) has.</summary>
    public Dictionary<(long Partition, long Offset), int> RecordOrigins { get; } = [];

    /// <summary>Rows of the dead letters table (window_start left out) and how many times each appears.</summary>
    public Dictionary<string, int> DeadLetters { get; } = new(StringComparer.Ordinal);

    /// <summary>Per table ("country_counts:FR", "window_summary:records", …), the count summed over windows.</summary>
    public Dictionary<string, long> Totals { get; } = new(StringComparer.Ordinal);

    /// <summary>Distinct user ids over all windows of the users table.</summary>
    public HashSet<string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads every committed part file under <paramref name="jobTopicDirectory"/> (<c>&lt;output&gt;/stream-metrics/&lt;topic&gt;</c>).</summary>
    public static async Task<MetricsOutput> ReadAsync(string jobTopicDirectory, CancellationToken cancellationToken)
    {
        var output = new MetricsOutput();
        foreach (var row in await RowsAsync(jobTopicDirectory, "records", cancellationToken))
        {
            Add(output.Records, Canonical(row));
            var origin = (TableFileReader.Count(row, "partition"), TableFileReader.Count(row, "offset"));
            output.RecordOrigins[origin] = output.RecordOrigins.GetValueOrDefault(origin) + 1;
        }
        foreach (var row in await RowsAsync(jobTopicDirectory, DeadLetterTable.Name, cancellationToken))
        {
            Add(output.DeadLetters, Canonical(row));
        }
        foreach (var row in await RowsAsync(jobTopicDirectory, "window_summary", cancellationToken))
        {
            foreach (var column in new[] { "records", "male", "female", "other_gender", "dead_letters" })
            {
                Sum(output.Totals, "window_summary:" + column, TableFileReader.Count(row, column));
            }
        }
        foreach (var (table, key) in new[] { ("country_counts", "country"), ("gender_counts", "gender") })
        {
            foreach (var row in await RowsAsync(jobTopicDirectory, table, cancellationToken))
            {
                Sum(output.Totals, $"{table}:{TableFileReader.Text(row, key)}", TableFileReader.Count(row, "count"));
            }
        }
        foreach (var row in await RowsAsync(jobTopicDirectory, "users", cancellationToken))
        {
            output.Users.Add(TableFileReader.Text(row, "id") ?? "");
        }
        return output;
    }

    /// <summary>The tables on which this output and <paramref name="other"/> differ; empty when they are equal.</summary>
    public IReadOnlyList<string> Differences(MetricsOutput other)
    {
        var differ = new List<string>();
        if (!SameCounts(Records, other.Records))
        {
            differ.Add("records");
        }
        if (!SameCounts(DeadLetters, other.DeadLetters))
        {
            differ.Add("dead_letters");
        }
        foreach (var table in new[] { "window_summary", "country_counts", "gender_counts" })
        {
            if (!SameCounts(Only(Totals, table), Only(other.Totals, table)))
            {
                differ.Add(table);
            }
        }
        if (!Users.SetEquals(other.Users))
        {
            differ.Add("users");
        }
        return differ;
    }

    private static async Task<List<IReadOnlyDictionary<string, object?>>> RowsAsync(string directory, string table, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        var folder = Path.Combine(directory, table);
        if (!Directory.Exists(folder))
        {
            return rows;
        }
        // Hidden temporary files (a killed run's unfinished writes) are not output.
        foreach (var file in Directory.EnumerateFiles(folder, "part-*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            rows.AddRange(await TableFileReader.ReadAsync(file, cancellationToken));
        }
        return rows;
    }

    private static string Canonical(IReadOnlyDictionary<string, object?> row) => string.Join("\u001f", row
        .Where(cell => cell.Key != "window_start")
        .OrderBy(cell => cell.Key, StringComparer.Ordinal)
        .Select(cell => cell.Key + "=" + Convert.ToString(cell.Value, CultureInfo.InvariantCulture)));

    private static void Add(Dictionary<string, int> multiset, string row) => multiset[row] = multiset.GetValueOrDefault(row) + 1;

    private static void Sum(Dictionary<string, long> totals, string key, long value) => totals[key] = totals.GetValueOrDefault(key) + value;

    private static Dictionary<string, long> Only(Dictionary<string, long> totals, string table) =>
        totals.Where(t => t.Key.StartsWith(table + ":", StringComparison.Ordinal)).ToDictionary();

    private static bool SameCounts<T>(Dictionary<string, T> a, Dictionary<string, T> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var count) && EqualityComparer<T>.Default.Equals(count, entry.Value));
}
