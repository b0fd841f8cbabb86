using System.Text;

namespace Kpipe.Pipeline.Reports;

/// <summary>
/// An SVG world map of the places records were located at: Natural Earth's 1:110m land outline (public domain, embedded
/// from <c>world-land-110m.txt</c>) in an equirectangular frame, one circle per place sized by its records.
/// </summary>
internal static class WorldMap
{
    private const string OutlineResource = "Kpipe.Pipeline.Reports.world-land-110m.txt";

    private static readonly Lazy<string> Outline = new(LoadOutline);

    /// <summary>The SVG path data of the land, x = longitude + 180 and y = 90 - latitude.</summary>
    public static string LandPath => Outline.Value;

    /// <summary>The map's <c>&lt;figure&gt;</c> with a circle per point.</summary>
    public static string Render(string caption, IReadOnlyList<MapPoint> points)
    {
        var located = points.Sum(p => p.Records);
        var max = Math.Max(1, points.Count == 0 ? 0 : points.Max(p => p.Records));
        var html = new StringBuilder();
        html.Append($"""<figure class="chart" data-chart="map" data-points="{points.Count}" data-located="{Html.Raw(located)}"><figcaption>{Html.Text(caption)}</figcaption>""");
        html.Append($"""<svg viewBox="0 0 360 180" width="900" height="450" role="img" aria-label="{Html.Text(caption)}">""");
        html.Append("""<rect class="sea" x="0" y="0" width="360" height="180"/>""");
        html.Append($"""<path class="land" d="{LandPath}"/>""");
        // Largest first, so a small place drawn later stays visible on top of a large one.
        foreach (var point in points.OrderByDescending(p => p.Records))
        {
            var radius = 0.8 + (2.6 * Math.Sqrt((double)point.Records / max));
            var where = $"{Html.Exact(point.Latitude)},{Html.Exact(point.Longitude)}";
            html.Append($"""<circle class="place" cx="{Html.Raw(point.Longitude + 180)}" cy="{Html.Raw(90 - point.Latitude)}" r="{Html.Raw(radius)}" """)
                .Append($"""data-lat="{Html.Exact(point.Latitude)}" data-lon="{Html.Exact(point.Longitude)}" data-records="{Html.Raw(point.Records)}">""")
                .Append($"""<title>{where}: {Html.Count(point.Records)} records</title></circle>""");
        }
        return html.Append("</svg></figure>").ToString();
    }

    private static string LoadOutline()
    {
        using var stream = typeof(WorldMap).Assembly.GetManifestResourceStream(OutlineResource)
            ?? throw new InvalidOperationException($"the embedded resource {OutlineResource} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var path = new StringBuilder();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                path.Append(line);
            }
        }
        return path.ToString();
    }
}
