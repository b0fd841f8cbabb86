using Kpipe.Pipeline.Sinks;
using Kpipe.Pipeline.Windows;

namespace Kpipe.Pipeline.Metrics;

/// <summary>
/// Reads the stream-metrics part files under a directory (any format, any number of instances and batches) and merges
/// them per topic and window: counts add, unique users are the union of the <c>users</c> parts.
/// </summary>
public static class MetricsReportReader
{
    /// <summary>
    /// Merges every <c>window_summary</c> found under <paramref name="directory"/> (the output root, a job's folder or one
    /// topic's folder) with its sibling tables.
    /// </summary>
    public static async Task<MetricsReport> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory} does not exist");
        }
        var topics = new List<TopicMetrics>();
        foreach (var topicDirectory in TopicDirectories(directory))
        {
            topics.Add(await ReadTopicAsync(topicDirectory, cancellationToken));
        }
        return new MetricsReport(topics);
    }

    /// <summary>The topic folders (those holding a <c>window_summary</c>) under <paramref name="directory"/>, in name order.</summary>
    internal static IEnumerable<string> TopicDirectories(string directory) =>
        Directory.EnumerateDirectories(directory, MetricsTables.WindowSummary, SearchOption.AllDirectories)
            .Where(d => !Path.GetFileName(Path.GetDirectoryName(d)!).StartsWith('_'))
            .Order(StringComparer.Ordinal)
            .Select(d => Path.GetDirectoryName(d)!);

    /// <summary>Reads one topic folder's metrics tables and merges them per window.</summary>
    internal static async Task<TopicMetrics> ReadTopicAsync(string topicDirectory, CancellationToken cancellationToken)
    {
        var windows = new SortedDictionary<DateTimeOffset, WindowMetrics>();
        WindowMetrics WindowFor(DateTimeOffset start, IReadOnlyDictionary<string, object?> row)
        {
            if (!windows.TryGetValue(start, out var metrics))
            {
                metrics = new WindowMetrics(start, EndOf(row, start));
                windows[start] = metrics;
            }
            return metrics;
        }

        await ForEachRowAsync(topicDirectory, MetricsTables.WindowSummary, cancellationToken, (start, row) =>
            WindowFor(start, row).AddSummary(
                TableFileReader.Count(row, "records"), TableFileReader.Count(row, "male"), TableFileReader.Count(row, "female"),
                TableFileReader.Count(row, "other_gender"), TableFileReader.Count(row, "dead_letters")));
        await ForEachRowAsync(topicDirectory, MetricsTables.CountryCounts, cancellationToken, (start, row) =>
            WindowFor(start, row).AddCountry(TableFileReader.Text(row, "country") ?? string.Empty, TableFileReader.Count(row, "count")));
        await ForEachRowAsync(topicDirectory, MetricsTables.GenderCounts, cancellationToken, (start, row) =>
            WindowFor(start, row).AddGender(TableFileReader.Text(row, "gender") ?? string.Empty, TableFileReader.Count(row, "count")));
        await ForEachRowAsync(topicDirectory, MetricsTables.Users, cancellationToken, (start, row) =>
            WindowFor(start, row).AddUser(TableFileReader.Text(row, "id") ?? string.Empty));

        var list = windows.Values.ToArray();
        var total = new WindowMetrics(list.Length > 0 ? list[0].WindowStart : default, list.Length > 0 ? list[^1].WindowEnd : default);
        foreach (var window in list)
        {
            total.Merge(window);
        }
        return new TopicMetrics(Path.GetFileName(topicDirectory), list, total);
    }

    /// <summary>Calls <paramref name="add"/> with every row of <paramref name="table"/> in the topic folder and its window's start.</summary>
    internal static async Task ForEachRowAsync(string topicDirectory, string table, CancellationToken cancellationToken, Action<DateTimeOffset, IReadOnlyDictionary<string, object?>> add)
    {
        var tableDirectory = Path.Combine(topicDirectory, table);
        if (!Directory.Exists(tableDirectory))
        {
            return;
        }
        foreach (var windowDirectory in Directory.EnumerateDirectories(tableDirectory).Order(StringComparer.Ordinal))
        {
            if (!WindowDirectory.TryParse(Path.GetFileName(windowDirectory), out var start))
            {
                continue;
            }
            var parts = Directory.EnumerateFiles(windowDirectory)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && OutputFormats.TryFromPath(f, out _))
                .Order(StringComparer.Ordinal);
            foreach (var part in parts)
            {
                foreach (var row in await TableFileReader.ReadAsync(part, cancellationToken))
                {
                    add(start, row);
                }
            }
        }
    }

    private static DateTimeOffset EndOf(IReadOnlyDictionary<string, object?> row, DateTimeOffset start) =>
        row.GetValueOrDefault("window_end") switch
        {
            DateTimeOffset end => end,
            string text when DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var end) => end,
            _ => start,
        };
}
