using MaxMind.Db;

namespace Kpipe.Pipeline.Enrichment.Mmdb;

/// <summary>The parts of a MaxMind GeoIP2/GeoLite2 City record that ipinfo-style output needs.</summary>
internal sealed class MaxMindCityRecord
{
    [Constructor]
    public MaxMindCityRecord(
        [MapKey("country")] MaxMindCode? country,
        [MapKey("subdivisions")] List<MaxMindPlace>? subdivisions,
        [MapKey("city")] MaxMindPlace? city,
        [MapKey("postal")] MaxMindCode? postal,
        [MapKey("location")] MaxMindLocation? location)
    {
        Country = country;
        Subdivisions = subdivisions;
        City = city;
        Postal = postal;
        Location = location;
    }

    public MaxMindCode? Country { get; }

    public List<MaxMindPlace>? Subdivisions { get; }

    public MaxMindPlace? City { get; }

    public MaxMindCode? Postal { get; }

    public MaxMindLocation? Location { get; }
}
