using MaxMind.Db;

namespace Kpipe.Pipeline.Enrichment.Mmdb;

/// <summary>A MaxMind city or subdivision map, read for its English name.</summary>
internal sealed class MaxMindPlace
{
    [Constructor]
    public MaxMindPlace([MapKey("names")] MaxMindEnglishName? names) => EnglishName = names?.Name;

    public string? EnglishName { get; }
}
