using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Tests.Enrichment.Support;

namespace Kpipe.Pipeline.Tests.Enrichment.TimeZones;

[Trait("Category", TestCategories.Unit)]
public sealed class GeobufReaderTests
{
    [Fact]
    public void Rings_come_back_at_the_stored_precision_each_delta_encoded_from_zero()
    {
        var bytes = new GeobufWriter(precision: 7)
            .Zone("Test/Fine", [[(-73.9857123, 40.7484405), (-73.9, 40.7), (-74.1, 40.8)], [(-74, 40.75), (-73.99, 40.75), (-73.99, 40.76)]])
            .ToBytes();

        var feature = Assert.Single(GeobufReader.ReadFeatures(bytes));

        Assert.Equal("Test/Fine", feature.TimeZone);
        var polygon = Assert.Single(feature.Polygons);
        Assert.Equal(2, polygon.RingCount);
        Assert.Equal([-73.9857123, 40.7484405, -73.9, 40.7, -74.1, 40.8], polygon.Ring(0).ToArray());
        Assert.Equal([-74, 40.75, -73.99, 40.75, -73.99, 40.76], polygon.Ring(1).ToArray());
        Assert.Equal((-74.1, -73.9, 40.7, 40.8), (polygon.MinLongitude, polygon.MaxLongitude, polygon.MinLatitude, polygon.MaxLatitude));
    }

    [Fact]
    public void A_multipolygon_keeps_each_polygon_with_its_own_rings()
    {
        var bytes = new GeobufWriter()
            .Zone("Test/Multi", [[(0, 0), (4, 0), (4, 4), (0, 4)], [(1, 1), (1, 2), (2, 2)]], [[(10, 10), (11, 10), (11, 11)]])
            .ToBytes();

        var feature = Assert.Single(GeobufReader.ReadFeatures(bytes));

        Assert.Equal([2, 1], feature.Polygons.Select(p => p.RingCount));
        Assert.Equal([10.0, 10, 11, 10, 11, 11], feature.Polygons[1].Ring(0).ToArray());
        Assert.True(feature.Contains(3, 3));
        Assert.False(feature.Contains(1.2, 1.8));
        Assert.True(feature.Contains(10.5, 10.2));
        Assert.False(feature.Contains(6, 6));
    }

    [Fact]
    public void Truncated_or_malformed_bytes_are_refused_not_read_past_their_end()
    {
        var bytes = new GeobufWriter().Zone("Test/A", [[(0, 0), (4, 0), (4, 4)]]).ToBytes();

        Assert.Throws<InvalidDataException>(() => GeobufReader.ReadFeatures(bytes.AsSpan(0, bytes.Length - 2)));
        Assert.Throws<InvalidDataException>(() => GeobufReader.ReadFeatures([0x0A, 0x7F, 0x01]));
        Assert.Throws<InvalidDataException>(() => GeobufReader.ReadFeatures([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]));
        Assert.Throws<InvalidDataException>(() => GeobufReader.ReadFeatures([0x0F]));
    }
}
