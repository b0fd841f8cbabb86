using System.Buffers;
using System.Text.Json;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// The IANA time zone at a point, from timezone-boundary-builder's polygons as the geo-tz package stores them: an index
/// (a quadtree over the world whose leaves are either the zones covering a whole quad or a slice of a data file) and a
/// data file of geobuf feature collections, each the zones' polygons clipped to one quad. Opening reads the index; a
/// quad's polygons are read and decoded the first time a point falls in it, then kept. Thread-safe.
/// </summary>
public sealed class TimeZoneBoundaries
{
    /// <summary>The index file, as geo-tz names it for its comprehensive data set (one zone per country at least).</summary>
    public const string IndexFileName = "timezones.geojson.index.json";

    /// <summary>The polygon data file beside the index.</summary>
    public const string DataFileName = "timezones.geojson.geo.dat";

    // The quadtree's outer edges; its first split is at the equator and the prime meridian.
    private const double Top = 89.9999;
    private const double Right = 179.9999;

    private readonly string _dataPath;
    private readonly long _dataLength;
    private readonly string[] _zones;

    // Four entries per node (quads a, b, c, d: NE, NW, SW, SE): 0 no land (the sea), > 0 the child node's number,
    // < 0 the leaf ~entry.
    private readonly int[] _children;
    private readonly Leaf[] _leaves;
    private readonly List<ZoneFeature>?[] _decoded;

    private TimeZoneBoundaries(string dataPath, long dataLength, string[] zones, int[] children, Leaf[] leaves)
    {
        _dataPath = dataPath;
        _dataLength = dataLength;
        _zones = zones;
        _children = children;
        _leaves = leaves;
        _decoded = new List<ZoneFeature>?[leaves.Length];
    }

    /// <summary>How many named zones the data holds.</summary>
    public int ZoneCount => _zones.Length;

    /// <summary>
    /// Reads the index in <paramref name="folder"/>; throws <see cref="GeoDatabaseException"/> with what to do when the
    /// files are missing or damaged.
    /// </summary>
    public static TimeZoneBoundaries Open(string folder)
    {
        var indexPath = Path.Combine(folder, IndexFileName);
        var dataPath = Path.Combine(folder, DataFileName);
        if (!File.Exists(indexPath) || !File.Exists(dataPath))
        {
            throw new GeoDatabaseException($"no time-zone boundaries in {folder} ({IndexFileName}, {DataFileName}): run `make geoip`");
        }
        try
        {
            using var stream = File.OpenRead(indexPath);
            using var index = JsonDocument.Parse(stream);
            var zones = index.RootElement.GetProperty("timezones").EnumerateArray().Select(z => z.GetString() ?? "").ToArray();
            var builder = new TreeBuilder(zones.Length, new FileInfo(dataPath).Length);
            builder.AddNode(index.RootElement.GetProperty("lookup"));
            return new TimeZoneBoundaries(dataPath, builder.DataLength, zones, [.. builder.Children], [.. builder.Leaves]);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException)
        {
            throw new GeoDatabaseException($"the time-zone index {indexPath} is damaged ({e.Message}): run `make geoip` again", e);
        }
    }

    /// <summary>
    /// The zone at the point: the land zone whose polygon holds it (on a shared border or in an area two zones claim,
    /// the first the data lists), else the sea's <c>Etc/GMT±N</c> zone; null for coordinates outside the globe.
    /// </summary>
    public string? Find(double latitude, double longitude)
    {
        if (!(latitude is >= -90 and <= 90) || !(longitude is >= -180 and <= 180))
        {
            return null;
        }
        var lat = Math.Clamp(latitude, -Top, Top);
        var lon = Math.Clamp(longitude, -Right, Right);
        double top = Top, bottom = -Top, left = -Right, right = Right, midLat = 0, midLon = 0;
        var node = 0;
        while (true)
        {
            int quad;
            if (lat >= midLat)
            {
                bottom = midLat;
                quad = lon >= midLon ? 0 : 1;
            }
            else
            {
                top = midLat;
                quad = lon < midLon ? 2 : 3;
            }
            if (quad is 0 or 3)
            {
                left = midLon;
            }
            else
            {
                right = midLon;
            }
            var child = _children[(node * 4) + quad];
            if (child == 0)
            {
                return OceanZones.At(longitude);
            }
            if (child < 0)
            {
                return FindInLeaf(~child, lon, lat) ?? OceanZones.At(longitude);
            }
            node = child;
            midLat = (top + bottom) / 2;
            midLon = (left + right) / 2;
        }
    }

    /// <summary>Reads and decodes every quad now, for a caller that wants no first-touch cost later.</summary>
    public void LoadAll()
    {
        for (var i = 0; i < _leaves.Length; i++)
        {
            if (_leaves[i].Zones is null)
            {
                FeaturesOf(i);
            }
        }
    }

    private string? FindInLeaf(int leaf, double longitude, double latitude)
    {
        if (_leaves[leaf].Zones is { } zones)
        {
            return _zones[zones[0]];
        }
        foreach (var feature in FeaturesOf(leaf))
        {
            if (feature.Contains(longitude, latitude))
            {
                return feature.TimeZone;
            }
        }
        return null;
    }

    private List<ZoneFeature> FeaturesOf(int leaf)
    {
        if (Volatile.Read(ref _decoded[leaf]) is { } known)
        {
            return known;
        }
        var (position, length) = (_leaves[leaf].Position, _leaves[leaf].Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            using (var handle = File.OpenHandle(_dataPath))
            {
                if (RandomAccess.Read(handle, buffer.AsSpan(0, length), position) != length)
                {
                    throw new GeoDatabaseException($"the time-zone data {_dataPath} is shorter than its index says ({_dataLength} bytes expected): run `make geoip` again");
                }
            }
            var features = GeobufReader.ReadFeatures(buffer.AsSpan(0, length));
            // Two threads may decode the same quad at once; the first to finish wins, the other's copy is dropped.
            return Interlocked.CompareExchange(ref _decoded[leaf], features, null) ?? features;
        }
        catch (InvalidDataException e)
        {
            throw new GeoDatabaseException($"the time-zone data {_dataPath} is damaged at byte {position} ({e.Message}): run `make geoip` again", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct Leaf(int[]? Zones, long Position, int Length);

    // Flattens the index's nested objects into the children and leaf arrays, checking each reference as it goes.
    private sealed class TreeBuilder(int zoneCount, long dataLength)
    {
        private const int MaxDepth = 40;
        private static readonly string[] QuadNames = ["a", "b", "c", "d"];

        public long DataLength { get; } = dataLength;

        public List<int> Children { get; } = [];

        public List<Leaf> Leaves { get; } = [];

        public int AddNode(JsonElement node, int depth = 0)
        {
            if (node.ValueKind != JsonValueKind.Object || depth > MaxDepth)
            {
                throw new InvalidDataException($"a quadtree node at depth {depth} is not an object");
            }
            var number = Children.Count / 4;
            Children.AddRange([0, 0, 0, 0]);
            for (var quad = 0; quad < 4; quad++)
            {
                if (node.TryGetProperty(QuadNames[quad], out var child))
                {
                    Children[(number * 4) + quad] = AddChild(child, depth + 1);
                }
            }
            return number;
        }

        private int AddChild(JsonElement child, int depth)
        {
            if (child.ValueKind == JsonValueKind.Array)
            {
                int[] zones = [.. child.EnumerateArray().Select(z => z.GetInt32())];
                if (zones.Length == 0 || zones.Any(z => z < 0 || z >= zoneCount))
                {
                    throw new InvalidDataException("a quad names a zone the index does not have");
                }
                return AddLeaf(new Leaf(zones, 0, 0));
            }
            if (child.ValueKind == JsonValueKind.Object && child.TryGetProperty("pos", out var pos))
            {
                var position = pos.GetInt64();
                var length = child.GetProperty("len").GetInt32();
                if (position < 0 || length <= 0 || position + length > DataLength)
                {
                    throw new InvalidDataException($"a quad's slice {position}+{length} lies outside the {DataLength}-byte data file");
                }
                return AddLeaf(new Leaf(null, position, length));
            }
            return AddNode(child, depth);
        }

        private int AddLeaf(Leaf leaf)
        {
            Leaves.Add(leaf);
            return ~(Leaves.Count - 1);
        }
    }
}
