using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Unit")]
public sealed class ReusedArraysTests
{
    [Fact]
    public void A_slot_hands_back_its_array_cleared_and_grows_when_a_batch_is_larger()
    {
        var arrays = new ReusedArrays();
        var first = arrays.Get<long?>(0, 10);
        first[3] = 42;

        var again = arrays.Get<long?>(0, 5);
        var larger = arrays.Get<long?>(0, 20);

        Assert.Same(first, again);
        Assert.All(again.Take(5), v => Assert.Null(v));
        Assert.NotSame(first, larger);
        Assert.Equal(20, larger.Length);
    }

    [Fact]
    public void Slots_and_element_types_do_not_share_arrays()
    {
        var arrays = new ReusedArrays();

        var longs = arrays.Get<long?>(1, 4);
        var otherSlot = arrays.Get<long?>(2, 4);
        var doubles = arrays.Get<double?>(1, 4);

        Assert.NotSame(longs, otherSlot);
        Assert.IsType<double?[]>(doubles);
    }
}
