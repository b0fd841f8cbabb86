using System.Globalization;
using System.Text.Json;
using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Tests.Enrichment.Support;

/// <summary>
/// Every zone polygon of a geo-tz boundaries folder in one flat list, searched point by point with no quadtree: the
/// reference the real-data test checks <see cref="TimeZoneBoundaries"/> against. geo-tz stores each zone cut into
/// quads, either as polygons (decoded from the data file) or, where one zone covers a whole quad, as the quad itself
/// (kept here as a rectangle); together they are the zone's whole area. Its own ray-crossing test, not the locator's.
/// </summary>
internal sealed class BruteForceZones
{
    private const double Top = 89.9999;
    private const double Right = 179.9999;
    private const double Hair = 1e-9;
    private static readonly string[] Quads = ["a", "b", "c", "d"];

    private readonly List<Area> _areas = [];

    private BruteForceZones()
    {
    }

    /// <summary>How many polygons and rectangles were read.</summary>
    public int AreaCount => _areas.Count;

    /// <summary>Reads every polygon of the folder's data file and every whole-quad rectangle of its index.</summary>
    public static BruteForceZones Load(string folder)
    {
        var zones = new BruteForceZones();
        var data = File.ReadAllBytes(Path.Combine(folder, TimeZoneBoundaries.DataFileName));
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, TimeZoneBoundaries.IndexFileName)));
        var names = index.RootElement.GetProperty("timezones").EnumerateArray().Select(z => z.GetString()!).ToArray();
        zones.AddQuad(index.RootElement.GetProperty("lookup"), data, names, Top, -Top, -Right, Right);
        return zones;
    }

    /// <summary>
    /// Every zone whose area holds the point, edges included; the sea's <c>Etc/GMT±N</c> zone when none does.
    /// </summary>
    public IReadOnlySet<string> ZonesAt(double latitude, double longitude)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var area in _areas)
        {
            if (longitude >= area.West && longitude <= area.East && latitude >= area.South && latitude <= area.North &&
                (area.Rings is null || Inside(area.Rings, longitude, latitude)))
            {
                found.Add(area.Zone);
            }
        }
        if (found.Count == 0)
        {
            found.Add(SeaZone(longitude));
        }
        return found;
    }

    // 15-degree bands centred on multiples of 15 degrees; POSIX signs (east of Greenwich is GMT-N).
    private static string SeaZone(double longitude)
    {
        var hours = (int)Math.Round(longitude / 15, MidpointRounding.AwayFromZero);
        return hours == 0 ? "Etc/GMT" : "Etc/GMT" + (-hours).ToString("+0;-0", CultureInfo.InvariantCulture);
    }

    private void AddQuad(JsonElement node, byte[] data, string[] names, double north, double south, double west, double east)
    {
        var midLatitude = (north + south) / 2;
        var midLongitude = (west + east) / 2;
        for (var q = 0; q < 4; q++)
        {
            if (!node.TryGetProperty(Quads[q], out var child))
            {
                continue;
            }
            var (n, s) = q is 0 or 1 ? (north, midLatitude) : (midLatitude, south);
            var (w, e) = q is 0 or 3 ? (midLongitude, east) : (west, midLongitude);
            if (child.ValueKind == JsonValueKind.Array)
            {
                foreach (var zone in child.EnumerateArray())
                {
                    _areas.Add(new Area(names[zone.GetInt32()], null, w, e, s, n));
                }
            }
            else if (child.TryGetProperty("pos", out var pos))
            {
                var slice = data.AsSpan(checked((int)pos.GetInt64()), child.GetProperty("len").GetInt32());
                foreach (var feature in GeobufReader.ReadFeatures(slice))
                {
                    foreach (var polygon in feature.Polygons)
                    {
                        var rings = Enumerable.Range(0, polygon.RingCount).Select(i => polygon.Ring(i).ToArray()).ToArray();
                        _areas.Add(new Area(feature.TimeZone, rings, polygon.MinLongitude, polygon.MaxLongitude, polygon.MinLatitude, polygon.MaxLatitude));
                    }
                }
            }
            else
            {
                AddQuad(child, data, names, n, s, w, e);
            }
        }
    }

    // Even-odd over all rings (holes flip it back); a point within a hair of an edge counts as inside.
    private static bool Inside(double[][] rings, double x, double y)
    {
        var inside = false;
        foreach (var ring in rings)
        {
            var count = ring.Length / 2;
            for (int i = 0, j = count - 1; i < count; j = i++)
            {
                double xi = ring[2 * i], yi = ring[(2 * i) + 1], xj = ring[2 * j], yj = ring[(2 * j) + 1];
                // An edge entirely above or below the point can neither cross its ray nor pass by it.
                if ((yi > y + Hair && yj > y + Hair) || (yi < y - Hair && yj < y - Hair))
                {
                    continue;
                }
                if (NearSegment(x, y, xi, yi, xj, yj))
                {
                    return true;
                }
                if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
                {
                    inside = !inside;
                }
            }
        }
        return inside;
    }

    private static bool NearSegment(double x, double y, double x1, double y1, double x2, double y2)
    {
        if (x < Math.Min(x1, x2) - Hair || x > Math.Max(x1, x2) + Hair || y < Math.Min(y1, y2) - Hair || y > Math.Max(y1, y2) + Hair)
        {
            return false;
        }
        var length = Math.Sqrt(((x2 - x1) * (x2 - x1)) + ((y2 - y1) * (y2 - y1)));
        var cross = Math.Abs(((x2 - x1) * (y - y1)) - ((y2 - y1) * (x - x1)));
        return length == 0 ? Math.Abs(x - x1) <= Hair && Math.Abs(y - y1) <= Hair : cross / length <= Hair;
    }

    private sealed record Area(string Zone, double[][]? Rings, double West, double East, double South, double North);
}
