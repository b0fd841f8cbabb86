using System.Text.Json.Serialization;

namespace Kpipe.Pipeline.Enrichment.Online;

/// <summary>The fields of an ipinfo.io JSON answer that enrichment uses.</summary>
internal sealed record IpInfoResponse(
    [property: JsonPropertyName("hostname")] string? Hostname,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("loc")] string? Loc,
    [property: JsonPropertyName("postal")] string? Postal,
    [property: JsonPropertyName("timezone")] string? Timezone,
    [property: JsonPropertyName("bogon")] bool Bogon);
