namespace Kpipe.Pipeline.Tests.Enrichment.Support;

/// <summary>Small databases in the two City layouts, with the networks the tests look up.</summary>
internal static class GeoFixtures
{
    public static Dictionary<string, object> Flat(
        string countryCode, string state1, string city, string postcode, float latitude, float longitude, string timezone) => new()
        {
            ["country_code"] = countryCode,
            ["state1"] = state1,
            ["state2"] = "",
            ["city"] = city,
            ["postcode"] = postcode,
            ["latitude"] = latitude,
            ["longitude"] = longitude,
            ["timezone"] = timezone,
        };

    public static Dictionary<string, object> MaxMind(
        string isoCode, string? subdivision, string? city, string? postal, double latitude, double longitude, string? timeZone)
    {
        var location = new Dictionary<string, object>
        {
            ["accuracy_radius"] = (ushort)20,
            ["latitude"] = latitude,
            ["longitude"] = longitude,
        };
        if (timeZone is not null)
        {
            location["time_zone"] = timeZone;
        }
        var record = new Dictionary<string, object>
        {
            ["continent"] = new Dictionary<string, object> { ["code"] = "EU", ["geoname_id"] = 6255148u, ["names"] = Names("Europe") },
            ["country"] = new Dictionary<string, object> { ["geoname_id"] = 2635167u, ["iso_code"] = isoCode, ["names"] = Names("Country " + isoCode) },
            ["registered_country"] = new Dictionary<string, object> { ["iso_code"] = isoCode, ["names"] = Names("Country " + isoCode) },
            ["location"] = location,
        };
        if (city is not null)
        {
            record["city"] = new Dictionary<string, object> { ["geoname_id"] = 2643743u, ["names"] = Names(city) };
        }
        if (postal is not null)
        {
            record["postal"] = new Dictionary<string, object> { ["code"] = postal };
        }
        if (subdivision is not null)
        {
            record["subdivisions"] = new object[]
            {
                new Dictionary<string, object> { ["iso_code"] = "ENG", ["names"] = Names(subdivision) },
                new Dictionary<string, object> { ["iso_code"] = "SUB2", ["names"] = Names("Second level") },
            };
        }
        return record;
    }

    /// <summary>DB-IP City Lite as ip-location-db packages it: an IPv4 file and an IPv6 file, database_type "city ipv4/6".</summary>
    public static (string V4, string V6) WriteDbIpPair(TempDirectory dir)
    {
        var v4 = dir.File("dbip/dbip-city-ipv4.mmdb");
        new MmdbWriter(4, "city ipv4")
            .Insert("8.8.8.0/24", Flat("US", "California", "Mountain View", "", 37.422f, -122.085f, ""))
            .Insert("81.2.69.0/24", Flat("GB", "England", "London", "EC1A", 51.5143f, -0.0912244f, "Europe/London"))
            .Insert("10.0.0.0/8", Flat("ZZ", "Nowhere", "Invented", "", 1f, 1f, ""))
            .WriteTo(v4);
        var v6 = dir.File("dbip/dbip-city-ipv6.mmdb");
        new MmdbWriter(6, "city ipv6")
            .Insert("2001:4860::/32", Flat("CA", "Quebec", "Montreal", "", 45.5019f, -73.5674f, ""))
            .WriteTo(v6);
        return (v4, v6);
    }

    private static Dictionary<string, object> Names(string english) => new() { ["de"] = english + " (de)", ["en"] = english };
}
