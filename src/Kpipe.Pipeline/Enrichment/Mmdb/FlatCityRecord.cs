using MaxMind.Db;

namespace Kpipe.Pipeline.Enrichment.Mmdb;

/// <summary>A record of the flat ip-location-db layout (DB-IP City Lite, repackaged GeoLite2 City).</summary>
internal sealed class FlatCityRecord
{
    // Coordinates are object because these files store them as 32-bit floats while MaxMind's use doubles.
    [Constructor]
    public FlatCityRecord(
        [MapKey("country_code")] string? countryCode,
        [MapKey("state1")] string? state1,
        [MapKey("city")] string? city,
        [MapKey("postcode")] string? postcode,
        [MapKey("latitude")] object? latitude,
        [MapKey("longitude")] object? longitude,
        [MapKey("timezone")] string? timezone)
    {
        CountryCode = countryCode;
        State1 = state1;
        City = city;
        Postcode = postcode;
        Latitude = latitude;
        Longitude = longitude;
        Timezone = timezone;
    }

    public string? CountryCode { get; }

    public string? State1 { get; }

    public string? City { get; }

    public string? Postcode { get; }

    public object? Latitude { get; }

    public object? Longitude { get; }

    public string? Timezone { get; }
}
