using MaxMind.Db;

namespace Kpipe.Pipeline.Enrichment.Mmdb;

/// <summary>A MaxMind place (country, subdivision, city, postal): an ISO or postal code and localized names.</summary>
internal sealed class MaxMindCodeAndNames
{
    [Constructor]
    public MaxMindCodeAndNames(
        [MapKey("iso_code")] string? isoCode,
        [MapKey("code")] string? code,
        [MapKey("names")] Dictionary<string, string>? names)
    {
        IsoCode = isoCode;
        Code = code;
        Names = names;
    }

    public string? IsoCode { get; }

    public string? Code { get; }

    public Dictionary<string, string>? Names { get; }

    public string? EnglishName => Names is not null && Names.TryGetValue("en", out var name) ? name : null;
}
