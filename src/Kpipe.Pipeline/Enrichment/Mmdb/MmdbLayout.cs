namespace Kpipe.Pipeline.Enrichment.Mmdb;

/// <summary>The two record shapes found in City databases.</summary>
internal enum MmdbLayout
{
    /// <summary>MaxMind GeoIP2/GeoLite2 City (and DB-IP's own MaxMind-compatible files): nested maps with localized names.</summary>
    MaxMindCity,

    /// <summary>ip-location-db (DB-IP City Lite, GeoLite2 City repackaged): flat country_code, state1, city, postcode, latitude, longitude, timezone.</summary>
    FlatCity,
}
