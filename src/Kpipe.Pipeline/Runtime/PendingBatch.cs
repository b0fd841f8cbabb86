namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// What a restart re-runs of its planned but uncommitted batch: the ranges of the partitions the group gives it now that
/// nobody has read past since. A partition another instance took over in the meantime was read by that instance from
/// the group's committed offset, so its range must not run twice.
/// </summary>
internal static class PendingBatch
{
    /// <summary>
    /// The plan to re-run: <paramref name="pending"/> itself when every range is kept, a narrower plan for the same batch
    /// when some are dropped (their partitions resume at <paramref name="positions"/>, the last committed ones), or null
    /// when none is left.
    /// </summary>
    public static BatchPlan? Narrow(BatchPlan pending, IReadOnlySet<int> owned, IReadOnlyDictionary<int, long> committed, IReadOnlyDictionary<int, long> positions)
    {
        var kept = pending.Ranges
            .Where(r => owned.Contains(r.Partition) && (!committed.TryGetValue(r.Partition, out var offset) || offset <= r.FromOffset))
            .ToArray();
        if (kept.Length == pending.Ranges.Count)
        {
            return pending;
        }
        if (kept.Length == 0)
        {
            return null;
        }
        var narrowed = new SortedDictionary<int, long>(positions.ToDictionary());
        foreach (var range in kept)
        {
            narrowed[range.Partition] = range.UntilOffset;
        }
        return pending with { Ranges = kept, Positions = narrowed };
    }
}
