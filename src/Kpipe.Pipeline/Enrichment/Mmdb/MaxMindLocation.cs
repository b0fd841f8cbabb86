using MaxMind.Db;

namespace Kpipe.Pipeline.Enrichment.Mmdb;

/// <summary>The <c>location</c> map of a MaxMind City record.</summary>
internal sealed class MaxMindLocation
{
    [Constructor]
    public MaxMindLocation(
        [MapKey("latitude")] object? latitude,
        [MapKey("longitude")] object? longitude,
        [MapKey("time_zone")] string? timeZone)
    {
        Latitude = latitude;
        Longitude = longitude;
        TimeZone = timeZone;
    }

    public object? Latitude { get; }

    public object? Longitude { get; }

    public string? TimeZone { get; }
}
