namespace Kpipe.Pipeline.Enrichment;

/// <summary>A time zone's area within one quad of the boundaries: its name and polygons.</summary>
internal sealed record ZoneFeature(string TimeZone, IReadOnlyList<ZonePolygon> Polygons)
{
    /// <summary>Whether the point lies inside (or on the boundary of) one of the polygons.</summary>
    public bool Contains(double longitude, double latitude)
    {
        foreach (var polygon in Polygons)
        {
            if (polygon.Contains(longitude, latitude))
            {
                return true;
            }
        }
        return false;
    }
}
