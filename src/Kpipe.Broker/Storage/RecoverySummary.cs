namespace Kpipe.Broker.Storage;

/// <summary>What opening a partition log found and did: the basis of its one-line recovery log.</summary>
internal sealed record RecoverySummary(
    int Segments,
    int SegmentsVerified,
    int BatchesVerified,
    long TruncatedBytes,
    int DeletedSegments,
    int RebuiltIndexes,
    string? Problem);
