using System.Globalization;
using Kpipe.Pipeline.Jobs.StreamMetrics;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Reports;

/// <summary>
/// Reads what the HTML report needs from a stream-metrics output directory: the metrics exactly as
/// <see cref="MetricsReportReader"/> merges them, plus the <c>loc</c> of the records table and the dead letters' reasons.
/// </summary>
public static class RunReportReader
{
    /// <summary>Reads every topic under <paramref name="directory"/> (the output root, a job's folder or one topic's folder).</summary>
    public static async Task<RunReport> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory} does not exist");
        }
        var topics = new List<TopicReport>();
        foreach (var topicDirectory in MetricsReportReader.TopicDirectories(directory))
        {
            var metrics = await MetricsReportReader.ReadTopicAsync(topicDirectory, cancellationToken);
            topics.Add(new TopicReport(metrics, await PointsAsync(topicDirectory, cancellationToken), await DeadLettersAsync(topicDirectory, cancellationToken)));
        }
        return new RunReport(topics);
    }

    /// <summary>The kind of a dead letter's reason: its text up to the first colon, which is where the details start.</summary>
    public static string ReasonKind(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "no reason given";
        }
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return (colon > 0 ? reason[..colon] : reason).Trim();
    }

    /// <summary>Reads a <c>loc</c> value ("latitude,longitude"); false when it is absent or not two numbers in range.</summary>
    public static bool TryParseLocation(string? loc, out double latitude, out double longitude)
    {
        latitude = longitude = 0;
        var comma = loc?.IndexOf(',', StringComparison.Ordinal) ?? -1;
        return comma > 0
            && double.TryParse(loc.AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture, out latitude)
            && double.TryParse(loc.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out longitude)
            && Math.Abs(latitude) <= 90 && Math.Abs(longitude) <= 180;
    }

    private static async Task<IReadOnlyList<MapPoint>> PointsAsync(string topicDirectory, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(double, double), long>();
        await MetricsReportReader.ForEachRowAsync(topicDirectory, StreamMetricsJob.RecordsTable, cancellationToken, (_, row) =>
        {
            if (TryParseLocation(TableFileReader.Text(row, "loc"), out var latitude, out var longitude))
            {
                counts[(latitude, longitude)] = counts.GetValueOrDefault((latitude, longitude)) + 1;
            }
        });
        return [.. counts.Select(c => new MapPoint(c.Key.Item1, c.Key.Item2, c.Value))
            .OrderByDescending(p => p.Records).ThenBy(p => p.Latitude).ThenBy(p => p.Longitude)];
    }

    private static async Task<IReadOnlyList<DeadLetterCount>> DeadLettersAsync(string topicDirectory, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<(DateTimeOffset, string), long>(Comparer<(DateTimeOffset, string)>.Create((a, b) =>
            a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : string.CompareOrdinal(a.Item2, b.Item2)));
        await MetricsReportReader.ForEachRowAsync(topicDirectory, DeadLetterTable.Name, cancellationToken, (start, row) =>
        {
            var key = (start, ReasonKind(TableFileReader.Text(row, "reason")));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        });
        return [.. counts.Select(c => new DeadLetterCount(c.Key.Item1, c.Key.Item2, c.Value))];
    }
}
