using System.Text.Json;

namespace Kpipe.Bench;

/// <summary>Rewrites the JSON array that <c>kpipe data generate</c> writes as JSON lines, one record per line, for DuckDB.</summary>
public static class JsonLines
{
    /// <summary>Writes each element of the array in <paramref name="arrayFile"/> on a line of <paramref name="linesFile"/>; returns the count.</summary>
    public static async Task<long> FromArrayAsync(string arrayFile, string linesFile)
    {
        await using var input = File.OpenRead(arrayFile);
        await using var output = new StreamWriter(linesFile);
        long count = 0;
        await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(input))
        {
            await output.WriteLineAsync(element.GetRawText());
            count++;
        }
        return count;
    }
}
