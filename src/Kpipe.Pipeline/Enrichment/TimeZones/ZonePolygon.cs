namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// One polygon of a time zone: its rings (the outer ring and any holes) as interleaved longitude, latitude pairs, the
/// closing point left implicit, with a bounding box to skip it quickly.
/// </summary>
internal sealed class ZonePolygon
{
    private readonly double[][] _rings;

    public ZonePolygon(double[][] rings)
    {
        _rings = rings;
        MinLongitude = MinLatitude = double.PositiveInfinity;
        MaxLongitude = MaxLatitude = double.NegativeInfinity;
        foreach (var ring in rings)
        {
            for (var i = 0; i < ring.Length; i += 2)
            {
                MinLongitude = Math.Min(MinLongitude, ring[i]);
                MaxLongitude = Math.Max(MaxLongitude, ring[i]);
                MinLatitude = Math.Min(MinLatitude, ring[i + 1]);
                MaxLatitude = Math.Max(MaxLatitude, ring[i + 1]);
            }
        }
    }

    public double MinLongitude { get; }

    public double MaxLongitude { get; }

    public double MinLatitude { get; }

    public double MaxLatitude { get; }

    public int RingCount => _rings.Length;

    /// <summary>The points of ring <paramref name="index"/>, interleaved longitude, latitude.</summary>
    public ReadOnlySpan<double> Ring(int index) => _rings[index];

    /// <summary>
    /// Whether the point lies inside or on the boundary. The even-odd rule over all rings at once makes a hole's inside
    /// an outside; a point on any ring's edge counts as inside, so a shared border belongs to both zones.
    /// </summary>
    public bool Contains(double longitude, double latitude)
    {
        if (longitude < MinLongitude || longitude > MaxLongitude || latitude < MinLatitude || latitude > MaxLatitude)
        {
            return false;
        }
        var inside = false;
        foreach (var ring in _rings)
        {
            switch (Crossings(ring, longitude, latitude))
            {
                case Crossing.OnEdge:
                    return true;
                case Crossing.Odd:
                    inside = !inside;
                    break;
            }
        }
        return inside;
    }

    private static Crossing Crossings(double[] ring, double x, double y)
    {
        var odd = false;
        var n = ring.Length;
        var ax = ring[n - 2];
        var ay = ring[n - 1];
        for (var i = 0; i < n; i += 2)
        {
            var bx = ring[i];
            var by = ring[i + 1];
            // Only edges that reach the point's latitude can cross the ray to its east or pass through the point.
            if ((ay <= y && y <= by) || (by <= y && y <= ay))
            {
                var cross = ((bx - ax) * (y - ay)) - ((by - ay) * (x - ax));
                if (cross == 0 && Math.Min(ax, bx) <= x && x <= Math.Max(ax, bx))
                {
                    return Crossing.OnEdge;
                }
                // Half-open in latitude, so a ray through a vertex counts the two edges meeting there once.
                if ((ay > y) != (by > y) && x < ax + ((y - ay) * (bx - ax) / (by - ay)))
                {
                    odd = !odd;
                }
            }
            ax = bx;
            ay = by;
        }
        return odd ? Crossing.Odd : Crossing.Even;
    }

    private enum Crossing
    {
        Even,
        Odd,
        OnEdge,
    }
}
