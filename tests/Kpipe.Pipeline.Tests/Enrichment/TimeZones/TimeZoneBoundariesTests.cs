using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Tests.Enrichment.Support;

namespace Kpipe.Pipeline.Tests.Enrichment.TimeZones;

/// <summary>
/// The boundaries reader and lookup on hand-made polygons in a hand-made quadtree. The world's first split: quad a is
/// north-east of (0, 0), b north-west, c south-west, d south-east.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class TimeZoneBoundariesTests : IDisposable
{
    // A 10° square with a 2° hole, a neighbour sharing its eastern edge, and a zone of two separate islands.
    private static readonly (double, double)[] Square = [(10, 10), (20, 10), (20, 20), (10, 20)];
    private static readonly (double, double)[] Hole = [(14, 14), (14, 16), (16, 16), (16, 14)];
    private static readonly (double, double)[] East = [(20, 10), (30, 10), (30, 20), (20, 20)];
    private static readonly (double, double)[] IslandOne = [(30, 30), (32, 30), (32, 32), (30, 32)];
    private static readonly (double, double)[] IslandTwo = [(40, 40), (42, 40), (41, 42)];

    private readonly TempDirectory _dir = new();
    private readonly TimeZoneBoundaries _boundaries;

    public TimeZoneBoundariesTests()
    {
        var folder = new BoundariesFolder(_dir.Path);
        var northEast = folder.Add(new GeobufWriter()
            .Zone("Test/Square", [Square, Hole])
            .Zone("Test/East", [East])
            .Zone("Test/Islands", [IslandOne], [IslandTwo])
            .ToBytes());
        var southEast = folder.Add(new GeobufWriter().Zone("Test/South", [[(100, -10), (110, -10), (110, -20)]]).ToBytes());
        folder.Write(["Test/WholeQuad", "Test/Other"], $$$"""{"a":{{{northEast}}},"b":[0,1],"d":{"a":{{{southEast}}}}}""");
        _boundaries = TimeZoneBoundaries.Open(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(12, 12, "Test/Square")]
    [InlineData(19.5, 15, "Test/Square")]
    [InlineData(15, 25, "Test/East")]
    [InlineData(31, 31, "Test/Islands")]
    [InlineData(41, 41, "Test/Islands")]
    [InlineData(-15, 105.5, "Test/South")]
    public void A_point_inside_a_polygon_gets_its_zone(double latitude, double longitude, string zone) =>
        Assert.Equal(zone, _boundaries.Find(latitude, longitude));

    [Fact]
    public void A_point_in_a_hole_is_not_in_the_polygon_around_it() =>
        Assert.Equal("Etc/GMT-1", _boundaries.Find(15, 15));

    [Theory]
    [InlineData(15, 14, "Test/Square")]
    [InlineData(10, 12, "Test/Square")]
    [InlineData(10, 10, "Test/Square")]
    [InlineData(16, 16, "Test/Square")]
    [InlineData(20, 30, "Test/East")]
    [InlineData(32, 31, "Test/Islands")]
    public void A_point_on_an_edge_or_a_corner_counts_as_inside(double latitude, double longitude, string zone) =>
        Assert.Equal(zone, _boundaries.Find(latitude, longitude));

    [Fact]
    public void A_point_on_a_shared_border_gets_the_zone_the_data_lists_first() =>
        Assert.Equal("Test/Square", _boundaries.Find(15, 20));

    [Fact]
    public void A_quad_wholly_inside_zones_answers_the_first_of_them_without_polygons() =>
        Assert.Equal("Test/WholeQuad", _boundaries.Find(45, -100));

    [Theory]
    [InlineData(-30, -60, "Etc/GMT+4")]
    [InlineData(35, 35, "Etc/GMT-2")]
    [InlineData(0, 7.4, "Etc/GMT")]
    [InlineData(0, 7.5, "Etc/GMT-1")]
    [InlineData(-50, 179.99, "Etc/GMT-12")]
    [InlineData(-50, -180, "Etc/GMT+12")]
    [InlineData(-15, 100.1, "Etc/GMT-7")]
    [InlineData(-45, 45, "Etc/GMT-3")]
    [InlineData(90, 30, "Etc/GMT-2")]
    public void A_point_at_sea_gets_the_sea_zone_of_its_longitude(double latitude, double longitude, string zone) =>
        Assert.Equal(zone, _boundaries.Find(latitude, longitude));

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.NaN)]
    [InlineData(90.01, 0)]
    [InlineData(-91, 0)]
    [InlineData(0, 180.5)]
    [InlineData(0, double.NegativeInfinity)]
    public void Coordinates_outside_the_globe_have_no_zone(double latitude, double longitude) =>
        Assert.Null(_boundaries.Find(latitude, longitude));

    [Fact]
    public void Missing_files_are_refused_with_what_to_do()
    {
        var error = Assert.Throws<GeoDatabaseException>(() => TimeZoneBoundaries.Open(Path.Combine(_dir.Path, "none")));

        Assert.Contains("run `make geoip`", error.Message);
    }

    [Theory]
    [InlineData("""{"a":{"pos":0,"len":999999}}""", "outside")]
    [InlineData("""{"a":[7]}""", "zone the index does not have")]
    [InlineData("""{"a":"x"}""", "not an object")]
    [InlineData("""{"a":""", "damaged")]
    public void A_damaged_index_is_refused_when_opened(string lookup, string problem)
    {
        using var dir = new TempDirectory();
        var folder = new BoundariesFolder(dir.Path);
        folder.Add(new GeobufWriter().Zone("Test/A", [Square]).ToBytes());
        folder.Write(["Test/A"], lookup);

        var error = Assert.Throws<GeoDatabaseException>(() => TimeZoneBoundaries.Open(dir.Path));

        Assert.Contains(problem, error.Message);
        Assert.Contains("make geoip", error.Message);
    }

    [Fact]
    public void A_damaged_quad_is_reported_when_a_point_first_falls_in_it()
    {
        using var dir = new TempDirectory();
        var folder = new BoundariesFolder(dir.Path);
        var bytes = new GeobufWriter().Zone("Test/A", [Square]).ToBytes();
        var quad = folder.Add(bytes[..^3]);
        folder.Write(["Test/A"], $$"""{"a":{{quad}},"b":[0]}""");
        var boundaries = TimeZoneBoundaries.Open(dir.Path);

        Assert.Equal("Test/A", boundaries.Find(10, -10));
        var error = Assert.Throws<GeoDatabaseException>(() => boundaries.Find(15, 15));
        Assert.Contains("damaged", error.Message);
    }
}
