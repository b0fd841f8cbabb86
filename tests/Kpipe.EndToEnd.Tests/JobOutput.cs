using Kpipe.Pipeline.Sinks;

namespace Kpipe.EndToEnd.Tests;

/// <summary>Reads what a job wrote: the rows of one table across every window and part file, in whatever format.</summary>
public static class JobOutput
{
    /// <summary>Committed part files of a table (hidden temporary files excluded).</summary>
    public static IReadOnlyList<string> PartFiles(string jobTopicDirectory, string table) =>
        Directory.Exists(Path.Combine(jobTopicDirectory, table))
            ? Directory.EnumerateFiles(Path.Combine(jobTopicDirectory, table), "part-*", SearchOption.AllDirectories).Order().ToList()
            : [];

    /// <summary>Every row of a table.</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> RowsAsync(string jobTopicDirectory, string table)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var file in PartFiles(jobTopicDirectory, table))
        {
            rows.AddRange(await TableFileReader.ReadAsync(file, CancellationToken.None));
        }

        return rows;
    }

    /// <summary>A numeric cell as a long, whatever integer type the format read it as.</summary>
    public static long Long(IReadOnlyDictionary<string, object?> row, string column) =>
        Convert.ToInt64(row[column], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Hidden temporary files (<c>.name.tmp</c>) left anywhere under a directory.</summary>
    public static IReadOnlyList<string> TemporaryFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, ".*.tmp", SearchOption.AllDirectories).ToList() : [];
}
