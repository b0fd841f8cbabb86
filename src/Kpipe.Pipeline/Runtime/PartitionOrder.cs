using System.Runtime.InteropServices;
using Kpipe.Pipeline.Jobs;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// Puts a window's records in the order a batch hands them to its job (by partition, then offset) in linear time: a
/// consumer delivers each partition's records in offset order, so grouping them by partition, stably, is the whole sort.
/// </summary>
internal static class PartitionOrder
{
    // Counting needs an array as wide as the partition ids span; a wider span (never seen from one topic) is sorted.
    private const int MaxCountedSpan = 1 << 16;

    /// <summary>
    /// Fills <paramref name="ordered"/> with <paramref name="records"/> by partition, then offset, exactly as sorting them
    /// would; records whose partition's offsets are not ascending as consumed are sorted instead.
    /// </summary>
    public static void Group(List<ConsumedRecord> records, List<ConsumedRecord> ordered)
    {
        ordered.Clear();
        if (records.Count == 0)
        {
            return;
        }
        var source = CollectionsMarshal.AsSpan(records);
        var (lowest, highest) = (source[0].Partition, source[0].Partition);
        foreach (ref readonly var record in source)
        {
            lowest = Math.Min(lowest, record.Partition);
            highest = Math.Max(highest, record.Partition);
        }
        CollectionsMarshal.SetCount(ordered, source.Length);
        var target = CollectionsMarshal.AsSpan(ordered);
        if ((long)highest - lowest >= MaxCountedSpan || !TryScatter(source, target, lowest, highest - lowest + 1))
        {
            source.CopyTo(target);
            target.Sort(ConsumedRecord.ByPartitionThenOffset);
        }
    }

    // Counts each partition's records, gives each partition its slice of the target in partition order, and copies the
    // records into their slices in the order they came; false when some partition's offsets go backwards.
    private static bool TryScatter(ReadOnlySpan<ConsumedRecord> source, Span<ConsumedRecord> target, int lowest, int span)
    {
        var first = new int[span];
        foreach (ref readonly var record in source)
        {
            first[record.Partition - lowest]++;
        }
        var start = 0;
        for (var i = 0; i < span; i++)
        {
            (first[i], start) = (start, start + first[i]);
        }
        var next = (int[])first.Clone();
        foreach (ref readonly var record in source)
        {
            var partition = record.Partition - lowest;
            var slot = next[partition]++;
            if (slot > first[partition] && target[slot - 1].Offset >= record.Offset)
            {
                return false;
            }
            target[slot] = record;
        }
        return true;
    }
}
