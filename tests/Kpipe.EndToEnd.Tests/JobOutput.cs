using System.Text.Json;

namespace Kpipe.EndToEnd.Tests;

/// <summary>Reads what a job wrote in JSON format: the rows of one table across every window and part file.</summary>
public static class JobOutput
{
    /// <summary>Committed part files of a table (hidden temporary files excluded).</summary>
    public static IReadOnlyList<string> PartFiles(string jobTopicDirectory, string table) =>
        Directory.Exists(Path.Combine(jobTopicDirectory, table))
            ? Directory.EnumerateFiles(Path.Combine(jobTopicDirectory, table), "part-*.json", SearchOption.AllDirectories).Order().ToList()
            : [];

    /// <summary>Every row of a table, each a JSON object.</summary>
    public static IReadOnlyList<JsonElement> Rows(string jobTopicDirectory, string table) =>
        PartFiles(jobTopicDirectory, table)
            .SelectMany(File.ReadLines)
            .Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    /// <summary>Hidden temporary files (<c>.name.tmp</c>) left anywhere under a directory.</summary>
    public static IReadOnlyList<string> TemporaryFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, ".*.tmp", SearchOption.AllDirectories).ToList() : [];
}
