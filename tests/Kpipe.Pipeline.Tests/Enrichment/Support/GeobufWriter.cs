using System.Text;

namespace Kpipe.Pipeline.Tests.Enrichment.Support;

/// <summary>
/// Writes hand-made time-zone polygons as a geobuf FeatureCollection, following geobuf's published schema: a key
/// table, the precision, and per feature a Polygon or MultiPolygon with ring lengths and zigzag, delta-encoded integer
/// coordinates (each ring from zero, its closing point left out) plus a <c>tzid</c> property.
/// </summary>
internal sealed class GeobufWriter(int precision = 6)
{
    private readonly List<byte[]> _features = [];

    /// <summary>Adds a zone of one or more polygons; each polygon is its rings, each ring its (longitude, latitude) corners.</summary>
    public GeobufWriter Zone(string timeZone, params (double Lon, double Lat)[][][] polygons)
    {
        var geometry = new List<byte>();
        var lengths = new List<ulong>();
        if (polygons.Length == 1)
        {
            WriteVarintField(geometry, 1, 4);
            if (polygons[0].Length > 1)
            {
                lengths.AddRange(polygons[0].Select(ring => (ulong)ring.Length));
            }
        }
        else
        {
            WriteVarintField(geometry, 1, 5);
            lengths.Add((ulong)polygons.Length);
            foreach (var polygon in polygons)
            {
                lengths.Add((ulong)polygon.Length);
                lengths.AddRange(polygon.Select(ring => (ulong)ring.Length));
            }
        }
        if (lengths.Count > 0)
        {
            WriteBytesField(geometry, 2, Packed(lengths));
        }
        var scale = Math.Pow(10, precision);
        var coordinates = new List<ulong>();
        foreach (var ring in polygons.SelectMany(p => p))
        {
            long x = 0, y = 0;
            foreach (var (lon, lat) in ring)
            {
                var nx = (long)Math.Round(lon * scale);
                var ny = (long)Math.Round(lat * scale);
                coordinates.Add(ZigZag(nx - x));
                coordinates.Add(ZigZag(ny - y));
                (x, y) = (nx, ny);
            }
        }
        WriteBytesField(geometry, 3, Packed(coordinates));

        var value = new List<byte>();
        WriteBytesField(value, 1, Encoding.UTF8.GetBytes(timeZone));
        var feature = new List<byte>();
        WriteBytesField(feature, 1, [.. geometry]);
        WriteBytesField(feature, 13, [.. value]);
        WriteBytesField(feature, 14, Packed([0, 0]));
        _features.Add([.. feature]);
        return this;
    }

    public byte[] ToBytes()
    {
        var collection = new List<byte>();
        foreach (var feature in _features)
        {
            WriteBytesField(collection, 1, feature);
        }
        var data = new List<byte>();
        WriteBytesField(data, 1, "tzid"u8.ToArray());
        if (precision != 6)
        {
            WriteVarintField(data, 3, (ulong)precision);
        }
        WriteBytesField(data, 4, [.. collection]);
        return [.. data];
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static byte[] Packed(IEnumerable<ulong> values)
    {
        var bytes = new List<byte>();
        foreach (var value in values)
        {
            WriteVarint(bytes, value);
        }
        return [.. bytes];
    }

    private static void WriteVarintField(List<byte> into, int field, ulong value)
    {
        WriteVarint(into, (ulong)field << 3);
        WriteVarint(into, value);
    }

    private static void WriteBytesField(List<byte> into, int field, byte[] bytes)
    {
        WriteVarint(into, ((ulong)field << 3) | 2);
        WriteVarint(into, (ulong)bytes.Length);
        into.AddRange(bytes);
    }

    private static void WriteVarint(List<byte> into, ulong value)
    {
        while (value >= 0x80)
        {
            into.Add((byte)(value | 0x80));
            value >>= 7;
        }
        into.Add((byte)value);
    }
}
