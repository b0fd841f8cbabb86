using MaxMind.Db;

namespace Kpipe.Pipeline.Enrichment.Mmdb;

/// <summary>
/// A MaxMind <c>names</c> map read for its <c>en</c> entry only: the other languages are skipped rather than decoded
/// into a dictionary for every lookup.
/// </summary>
internal sealed class MaxMindEnglishName
{
    [Constructor]
    public MaxMindEnglishName([MapKey("en")] string? name) => Name = name;

    public string? Name { get; }
}
