using Kpipe.Pipeline.Enrichment;
namespace Kpipe.Pipeline.Tests.Enrichment.Support;

/// <summary>
/// A hand-made time-zone boundaries folder laid out as geo-tz's: quads' geobuf slices appended to the data file, and an
/// index whose <c>lookup</c> the test writes as JSON, pointing at the slices <see cref="Add"/> returned.
/// </summary>
internal sealed class BoundariesFolder(string path)
{
    private readonly MemoryStream _data = new();

    public string Path { get; } = path;

    /// <summary>Appends a quad's features; returns the index entry (<c>{"pos":…,"len":…}</c>) that points at them.</summary>
    public string Add(byte[] geobuf)
    {
        var position = _data.Length;
        _data.Write(geobuf);
        return $$"""{"pos":{{position}},"len":{{geobuf.Length}}}""";
    }

    /// <summary>Writes both files: <paramref name="zones"/> as the index's zone names, <paramref name="lookup"/> as its quadtree.</summary>
    public string Write(string[] zones, string lookup)
    {
        Directory.CreateDirectory(Path);
        File.WriteAllBytes(System.IO.Path.Combine(Path, TimeZoneBoundaries.DataFileName), _data.ToArray());
        var names = string.Join(",", zones.Select(z => $"\"{z}\""));
        File.WriteAllText(System.IO.Path.Combine(Path, TimeZoneBoundaries.IndexFileName), $$"""{"timezones":[{{names}}],"lookup":{{lookup}}}""");
        return Path;
    }
}
