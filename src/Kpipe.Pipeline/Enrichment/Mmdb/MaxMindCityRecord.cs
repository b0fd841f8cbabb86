using MaxMind.Db;

namespace Kpipe.Pipeline.Enrichment.Mmdb;

/// <summary>The parts of a MaxMind GeoIP2/GeoLite2 City record that ipinfo-style output needs.</summary>
internal sealed class MaxMindCityRecord
{
    [Constructor]
    public MaxMindCityRecord(
        [MapKey("country")] MaxMindCodeAndNames? country,
        [MapKey("subdivisions")] List<MaxMindCodeAndNames>? subdivisions,
        [MapKey("city")] MaxMindCodeAndNames? city,
        [MapKey("postal")] MaxMindCodeAndNames? postal,
        [MapKey("location")] MaxMindLocation? location)
    {
        Country = country;
        Subdivisions = subdivisions;
        City = city;
        Postal = postal;
        Location = location;
    }

    public MaxMindCodeAndNames? Country { get; }

    public List<MaxMindCodeAndNames>? Subdivisions { get; }

    public MaxMindCodeAndNames? City { get; }

    public MaxMindCodeAndNames? Postal { get; }

    public MaxMindLocation? Location { get; }
}
