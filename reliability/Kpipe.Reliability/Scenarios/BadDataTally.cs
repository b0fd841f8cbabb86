using System.Globalization;
using System.Text.Json;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Reliability;

/// <summary>What the jobs of the bad-data scenario wrote, read back once and counted by offset range, id range or source.</summary>
public sealed class BadDataTally
{
    private readonly List<long> _consumerOffsets = [];
    private readonly List<long> _metricsOffsets = [];
    private readonly List<(long Offset, string Reason)> _metricsLetters = [];
    private readonly HashSet<long> _users = [];
    private readonly List<string?> _rawSources = [];
    private readonly List<(long Offset, string Reason)> _rawLetters = [];

    private BadDataTally()
    {
    }

    /// <summary>Reads the stream-metrics and stream-raw output folders (of one topic) and the consumer job's printed lines.</summary>
    public static async Task<BadDataTally> ReadAsync(string metricsDirectory, string rawDirectory, string consumerStdout, CancellationToken cancellationToken)
    {
        var tally = new BadDataTally();
        foreach (var line in consumerStdout.Split('\n'))
        {
            if (OffsetOfPrintedRecord(line) is { } offset)
            {
                tally._consumerOffsets.Add(offset);
            }
        }

        foreach (var row in await RowsAsync(Path.Combine(metricsDirectory, "records"), cancellationToken))
        {
            tally._metricsOffsets.Add(Number(row["offset"]));
        }

        foreach (var row in await RowsAsync(Path.Combine(metricsDirectory, "users"), cancellationToken))
        {
            if (long.TryParse(row["id"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                tally._users.Add(id);
            }
        }

        foreach (var row in await RowsAsync(Path.Combine(metricsDirectory, DeadLetterTable.Name), cancellationToken))
        {
            tally._metricsLetters.Add((Number(row["offset"]), row["reason"]?.ToString() ?? ""));
        }

        foreach (var row in await RowsAsync(Path.Combine(rawDirectory, "raw"), cancellationToken))
        {
            tally._rawSources.Add(row.TryGetValue("source", out var source) ? source?.ToString() : null);
        }

        foreach (var row in await RowsAsync(Path.Combine(rawDirectory, DeadLetterTable.Name), cancellationToken))
        {
            tally._rawLetters.Add((Number(row["offset"]), row["reason"]?.ToString() ?? ""));
        }

        return tally;
    }

    /// <summary>Records the consumer job printed from offsets [from, to).</summary>
    public int ConsumerLines(long from, long to) => _consumerOffsets.Count(o => o >= from && o < to);

    /// <summary>Rows of stream-metrics' records table from offsets [from, to).</summary>
    public int MetricsRecords(long from, long to) => _metricsOffsets.Count(o => o >= from && o < to);

    /// <summary>Reasons of stream-metrics' dead letters from offsets [from, to).</summary>
    public IReadOnlyList<string> MetricsDeadLetters(long from, long to) => _metricsLetters.Where(l => l.Offset >= from && l.Offset < to).Select(l => l.Reason).ToList();

    /// <summary>Distinct user ids stream-metrics counted in [firstId, firstId + 1,000,000).</summary>
    public int MetricsUsers(long firstId) => _users.Count(id => id >= firstId && id < firstId + 1_000_000);

    /// <summary>Rows of stream-raw's raw table whose source field is <paramref name="kind"/>.</summary>
    public int RawRows(string kind) => _rawSources.Count(s => s == kind);

    /// <summary>Reasons of stream-raw's dead letters from offsets [from, to).</summary>
    public IReadOnlyList<string> RawDeadLetters(long from, long to) => _rawLetters.Where(l => l.Offset >= from && l.Offset < to).Select(l => l.Reason).ToList();

    private static long? OffsetOfPrintedRecord(string line)
    {
        if (!line.StartsWith("{\"topic\":", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 100_000 });
            return document.RootElement.GetProperty("offset").GetInt64();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<List<IReadOnlyDictionary<string, object?>>> RowsAsync(string tableDirectory, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        if (!Directory.Exists(tableDirectory))
        {
            return rows;
        }

        foreach (var file in Directory.EnumerateFiles(tableDirectory, "part-*", SearchOption.AllDirectories).Order())
        {
            rows.AddRange(await TableFileReader.ReadAsync(file, cancellationToken));
        }

        return rows;
    }

    private static long Number(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
