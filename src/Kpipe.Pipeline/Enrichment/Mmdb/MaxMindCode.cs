using MaxMind.Db;

namespace Kpipe.Pipeline.Enrichment.Mmdb;

/// <summary>
/// A MaxMind country or postal map, read for its code alone: its localized names are skipped, not decoded, since a
/// lookup only reports the code.
/// </summary>
internal sealed class MaxMindCode
{
    [Constructor]
    public MaxMindCode([MapKey("iso_code")] string? isoCode, [MapKey("code")] string? code)
    {
        IsoCode = isoCode;
        Code = code;
    }

    public string? IsoCode { get; }

    public string? Code { get; }
}
