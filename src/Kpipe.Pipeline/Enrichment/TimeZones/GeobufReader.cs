namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Decodes the time-zone features of a geobuf message (GeoJSON as Protocol Buffers: a key table, a coordinate precision,
/// and a FeatureCollection whose geometries are delta-encoded integers). Keeps what a lookup needs: each feature's
/// <c>tzid</c> property and its polygon areas; points and lines (no area) are dropped.
/// </summary>
internal static class GeobufReader
{
    private const string ZoneProperty = "tzid";

    private enum GeometryType
    {
        Point = 0,
        MultiPoint = 1,
        LineString = 2,
        MultiLineString = 3,
        Polygon = 4,
        MultiPolygon = 5,
        GeometryCollection = 6,
    }

    /// <summary>The features of <paramref name="data"/>; throws <see cref="InvalidDataException"/> when it is not valid geobuf.</summary>
    public static List<ZoneFeature> ReadFeatures(ReadOnlySpan<byte> data)
    {
        var keys = new List<string>();
        var dimensions = 2;
        var precision = 6;
        var rawFeatures = new List<RawFeature>();
        var cursor = new ProtobufCursor(data);
        while (!cursor.AtEnd)
        {
            var (field, wireType) = cursor.ReadTag();
            switch (field)
            {
                case 1 when wireType == ProtobufCursor.LengthDelimited:
                    keys.Add(cursor.ReadString());
                    break;
                case 2 when wireType == ProtobufCursor.Varint:
                    dimensions = cursor.ReadCount();
                    break;
                case 3 when wireType == ProtobufCursor.Varint:
                    precision = cursor.ReadCount();
                    break;
                case 4 when wireType == ProtobufCursor.LengthDelimited:
                    ReadFeatureCollection(cursor.ReadBytes(), rawFeatures);
                    break;
                case 5 when wireType == ProtobufCursor.LengthDelimited:
                    rawFeatures.Add(ReadFeature(cursor.ReadBytes()));
                    break;
                default:
                    cursor.Skip(wireType);
                    break;
            }
        }
        if (dimensions < 2 || precision > 15)
        {
            throw new InvalidDataException($"geobuf with {dimensions} dimensions and precision {precision} is not a map of time zones");
        }
        // The key table may follow the features in the message, so coordinates and names are resolved at the end.
        var scale = Math.Pow(10, precision);
        var features = new List<ZoneFeature>(rawFeatures.Count);
        foreach (var raw in rawFeatures)
        {
            var zone = raw.Property(keys, ZoneProperty)
                ?? throw new InvalidDataException($"a geobuf feature has no '{ZoneProperty}' property");
            var polygons = new List<ZonePolygon>();
            raw.Geometry?.AddPolygons(polygons, dimensions, scale);
            if (polygons.Count > 0)
            {
                features.Add(new ZoneFeature(zone, polygons));
            }
        }
        return features;
    }

    private static void ReadFeatureCollection(ReadOnlySpan<byte> data, List<RawFeature> features)
    {
        var cursor = new ProtobufCursor(data);
        while (!cursor.AtEnd)
        {
            var (field, wireType) = cursor.ReadTag();
            if (field == 1 && wireType == ProtobufCursor.LengthDelimited)
            {
                features.Add(ReadFeature(cursor.ReadBytes()));
            }
            else
            {
                cursor.Skip(wireType);
            }
        }
    }

    private static RawFeature ReadFeature(ReadOnlySpan<byte> data)
    {
        var feature = new RawFeature();
        var cursor = new ProtobufCursor(data);
        while (!cursor.AtEnd)
        {
            var (field, wireType) = cursor.ReadTag();
            switch (field)
            {
                case 1 when wireType == ProtobufCursor.LengthDelimited:
                    feature.Geometry = ReadGeometry(cursor.ReadBytes());
                    break;
                case 13 when wireType == ProtobufCursor.LengthDelimited:
                    feature.Values.Add(ReadStringValue(cursor.ReadBytes()));
                    break;
                case 14 when wireType == ProtobufCursor.LengthDelimited:
                    ReadPacked(cursor.ReadBytes(), feature.Properties, signed: false);
                    break;
                default:
                    cursor.Skip(wireType);
                    break;
            }
        }
        return feature;
    }

    private static RawGeometry ReadGeometry(ReadOnlySpan<byte> data)
    {
        var geometry = new RawGeometry();
        var cursor = new ProtobufCursor(data);
        while (!cursor.AtEnd)
        {
            var (field, wireType) = cursor.ReadTag();
            switch (field)
            {
                case 1 when wireType == ProtobufCursor.Varint:
                    geometry.Type = (GeometryType)cursor.ReadCount();
                    break;
                case 2 when wireType == ProtobufCursor.LengthDelimited:
                    ReadPacked(cursor.ReadBytes(), geometry.Lengths, signed: false);
                    break;
                case 3 when wireType == ProtobufCursor.LengthDelimited:
                    ReadPacked(cursor.ReadBytes(), geometry.Coordinates, signed: true);
                    break;
                case 4 when wireType == ProtobufCursor.LengthDelimited:
                    geometry.Parts.Add(ReadGeometry(cursor.ReadBytes()));
                    break;
                default:
                    cursor.Skip(wireType);
                    break;
            }
        }
        return geometry;
    }

    // A Value is a oneof; only a string can name a zone, anything else is kept as null so indexes still line up.
    private static string? ReadStringValue(ReadOnlySpan<byte> data)
    {
        string? value = null;
        var cursor = new ProtobufCursor(data);
        while (!cursor.AtEnd)
        {
            var (field, wireType) = cursor.ReadTag();
            if (field == 1 && wireType == ProtobufCursor.LengthDelimited)
            {
                value = cursor.ReadString();
            }
            else
            {
                cursor.Skip(wireType);
            }
        }
        return value;
    }

    private static void ReadPacked(ReadOnlySpan<byte> data, List<long> into, bool signed)
    {
        var cursor = new ProtobufCursor(data);
        while (!cursor.AtEnd)
        {
            into.Add(signed ? cursor.ReadSignedVarint() : (long)cursor.ReadVarint());
        }
    }

    private sealed class RawFeature
    {
        public RawGeometry? Geometry { get; set; }

        public List<string?> Values { get; } = [];

        // Pairs of (index into the message's keys, index into this feature's values).
        public List<long> Properties { get; } = [];

        public string? Property(List<string> keys, string name)
        {
            for (var i = 0; i + 1 < Properties.Count; i += 2)
            {
                var key = Properties[i];
                var value = Properties[i + 1];
                if (key < 0 || key >= keys.Count || value < 0 || value >= Values.Count)
                {
                    throw new InvalidDataException("a geobuf feature property points outside the key or value table");
                }
                if (keys[(int)key] == name)
                {
                    return Values[(int)value];
                }
            }
            return null;
        }
    }

    private sealed class RawGeometry
    {
        public GeometryType Type { get; set; }

        public List<long> Lengths { get; } = [];

        public List<long> Coordinates { get; } = [];

        public List<RawGeometry> Parts { get; } = [];

        public void AddPolygons(List<ZonePolygon> polygons, int dimensions, double scale)
        {
            switch (Type)
            {
                case GeometryType.Polygon:
                    polygons.Add(new ZonePolygon(new RingDecoder(this, dimensions, scale).ReadRings(Lengths.Count > 0 ? Lengths : null)));
                    break;
                case GeometryType.MultiPolygon:
                    AddMultiPolygon(polygons, dimensions, scale);
                    break;
                case GeometryType.GeometryCollection:
                    foreach (var part in Parts)
                    {
                        part.AddPolygons(polygons, dimensions, scale);
                    }
                    break;
                default:
                    break;
            }
        }

        // Lengths of a multipolygon: the polygon count, then per polygon its ring count followed by each ring's length.
        private void AddMultiPolygon(List<ZonePolygon> polygons, int dimensions, double scale)
        {
            var decoder = new RingDecoder(this, dimensions, scale);
            if (Lengths.Count == 0)
            {
                polygons.Add(new ZonePolygon(decoder.ReadRings(null)));
                return;
            }
            var at = 1;
            for (var p = 0; p < Lengths[0]; p++)
            {
                var ringCount = (int)LengthAt(at);
                var ringLengths = new List<long>(ringCount);
                for (var r = 0; r < ringCount; r++)
                {
                    ringLengths.Add(LengthAt(at + 1 + r));
                }
                polygons.Add(new ZonePolygon(decoder.ReadRings(ringLengths)));
                at += ringCount + 1;
            }
        }

        private long LengthAt(int index) => index < Lengths.Count
            ? Lengths[index]
            : throw new InvalidDataException("a geobuf multipolygon's lengths end before its polygons do");
    }

    // Rings are delta-encoded from zero, each on its own, and stored without the closing point.
    private sealed class RingDecoder(RawGeometry geometry, int dimensions, double scale)
    {
        private int _next;

        public double[][] ReadRings(List<long>? ringLengths)
        {
            var coordinates = geometry.Coordinates;
            var remaining = (coordinates.Count - _next) / dimensions;
            var lengths = ringLengths ?? [remaining];
            var rings = new List<double[]>(lengths.Count);
            foreach (var points in lengths)
            {
                if (points < 0 || points > (coordinates.Count - _next) / dimensions)
                {
                    throw new InvalidDataException($"a geobuf ring of {points} points does not fit its coordinates");
                }
                var ring = new double[points * 2];
                long x = 0;
                long y = 0;
                for (var i = 0; i < points; i++)
                {
                    x += coordinates[_next];
                    y += coordinates[_next + 1];
                    _next += dimensions;
                    ring[2 * i] = x / scale;
                    ring[(2 * i) + 1] = y / scale;
                }
                // A ring of fewer than three points encloses nothing; its coordinates are still consumed above.
                if (points >= 3)
                {
                    rings.Add(ring);
                }
            }
            return [.. rings];
        }
    }
}
