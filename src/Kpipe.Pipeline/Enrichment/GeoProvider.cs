namespace Kpipe.Pipeline.Enrichment;

/// <summary>Where geolocation comes from: a MaxMind-format file on disk (default) or the ipinfo.io web API.</summary>
public enum GeoProvider
{
    /// <summary>Offline lookups in <c>.mmdb</c> files (DB-IP City Lite, GeoLite2/GeoIP2 City).</summary>
    Mmdb,

    /// <summary>Online lookups against an ipinfo-style HTTP JSON API, for parity with the original stack.</summary>
    IpInfo,
}
