using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Runtime;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", TestCategories.Unit)]
public sealed class PartitionOrderTests
{
    [Fact]
    public void Interleaved_partitions_come_out_by_partition_then_offset_as_a_sort_puts_them()
    {
        var random = new Random(7);
        var nextOffset = new long[5];
        var consumed = new List<ConsumedRecord>();
        for (var i = 0; i < 10_000; i++)
        {
            var partition = random.Next(5);
            // Offsets ascend per partition with gaps, as compaction or aborted transactions leave them.
            nextOffset[partition] += 1 + random.Next(3);
            consumed.Add(Record(partition, nextOffset[partition], i));
        }

        var ordered = new List<ConsumedRecord>();
        PartitionOrder.Group(consumed, ordered);

        Assert.Equal(Sorted(consumed), ordered);
    }

    [Fact]
    public void A_partition_whose_offsets_go_backwards_is_still_put_in_offset_order()
    {
        List<ConsumedRecord> consumed = [Record(2, 10, 0), Record(0, 5, 1), Record(2, 11, 2), Record(0, 3, 3), Record(1, 7, 4), Record(0, 4, 5)];

        var ordered = new List<ConsumedRecord>();
        PartitionOrder.Group(consumed, ordered);

        Assert.Equal([(0, 3L), (0, 4L), (0, 5L), (1, 7L), (2, 10L), (2, 11L)], ordered.Select(r => (r.Partition, r.Offset)));
    }

    [Fact]
    public void Partition_ids_far_apart_and_an_earlier_longer_result_leave_only_the_records_in_order()
    {
        List<ConsumedRecord> consumed = [Record(int.MaxValue, 1, 0), Record(0, 9, 1), Record(int.MaxValue, 2, 2), Record(0, 10, 3)];
        var ordered = Enumerable.Range(0, 10).Select(i => Record(1, i, i)).ToList();

        PartitionOrder.Group(consumed, ordered);

        Assert.Equal(Sorted(consumed), ordered);
    }

    [Fact]
    public void No_records_give_no_records()
    {
        var ordered = new List<ConsumedRecord> { Record(0, 0, 0) };

        PartitionOrder.Group([], ordered);

        Assert.Empty(ordered);
    }

    private static List<ConsumedRecord> Sorted(List<ConsumedRecord> records)
    {
        var sorted = records.ToList();
        sorted.Sort(ConsumedRecord.ByPartitionThenOffset);
        return sorted;
    }

    // The value tells records apart, so the comparison checks that each record kept its own bytes.
    private static ConsumedRecord Record(int partition, long offset, int value) =>
        new(partition, offset, DateTimeOffset.UnixEpoch, null, BitConverter.GetBytes(value));
}
