namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// What a batch is, written to <c>offsets/&lt;batchId&gt;</c> before it runs: its window, the per-partition offset ranges it
/// covers, and every partition's next offset once it is done (so the latest committed plan alone says where to resume).
/// </summary>
public sealed record BatchPlan(
    long BatchId,
    string Topic,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    IReadOnlyList<OffsetRange> Ranges,
    IReadOnlyDictionary<int, long> Positions);
