namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// The fields the original stack got for an IP: hostname, city, region, country, loc ("lat,long"),
/// postal, timezone; null when unknown, with <see cref="Reason"/> saying why nothing was found.
/// </summary>
public sealed record IpInfo(
    string? Hostname,
    string? City,
    string? Region,
    string? Country,
    string? Loc,
    string? Postal,
    string? Timezone,
    string? Reason = null)
{
    /// <summary>An entry with every field unknown, for the given reason.</summary>
    public static IpInfo Unknown(string reason) => new(null, null, null, null, null, null, null, reason);
}
