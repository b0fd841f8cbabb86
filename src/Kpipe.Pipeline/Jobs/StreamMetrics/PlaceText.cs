namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>An address's place details (see <see cref="Enrichment.IpInfo"/>) in UTF-8, made once per place and null where unknown.</summary>
internal sealed record PlaceText(
    ReadOnlyMemory<byte>? Hostname,
    ReadOnlyMemory<byte>? City,
    ReadOnlyMemory<byte>? Region,
    ReadOnlyMemory<byte>? Country,
    ReadOnlyMemory<byte>? Loc,
    ReadOnlyMemory<byte>? Postal,
    ReadOnlyMemory<byte>? Timezone);
