using Kpipe.Pipeline.Runtime;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Unit")]
public sealed class PendingBatchTests
{
    private static readonly BatchPlan Pending = new(
        7, "users", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(10),
        [new OffsetRange(0, 100, 200), new OffsetRange(1, 50, 80)],
        new SortedDictionary<int, long> { [0] = 200, [1] = 80, [2] = 30 });

    private static readonly Dictionary<int, long> LastCommitted = new() { [0] = 100, [1] = 50, [2] = 30 };

    [Fact]
    public void Every_range_owned_and_unread_since_re_runs_the_very_plan()
    {
        var plan = PendingBatch.Narrow(Pending, new HashSet<int> { 0, 1, 2 }, new Dictionary<int, long> { [0] = 100, [1] = 50 }, LastCommitted);

        Assert.Same(Pending, plan);
    }

    [Fact]
    public void A_partition_without_a_committed_offset_counts_as_unread()
    {
        Assert.Same(Pending, PendingBatch.Narrow(Pending, new HashSet<int> { 0, 1 }, new Dictionary<int, long>(), LastCommitted));
    }

    [Fact]
    public void A_range_of_a_partition_now_owned_by_another_instance_is_dropped_and_its_partition_resumes_where_it_was()
    {
        var plan = PendingBatch.Narrow(Pending, new HashSet<int> { 0 }, new Dictionary<int, long> { [0] = 100, [1] = 50 }, LastCommitted);

        Assert.NotNull(plan);
        Assert.Equal(7, plan.BatchId);
        Assert.Equal([new OffsetRange(0, 100, 200)], plan.Ranges);
        Assert.Equal(new Dictionary<int, long> { [0] = 200, [1] = 50, [2] = 30 }, plan.Positions);
    }

    [Fact]
    public void A_range_someone_has_read_past_is_dropped_and_none_left_means_nothing_to_re_run()
    {
        var plan = PendingBatch.Narrow(Pending, new HashSet<int> { 0, 1 }, new Dictionary<int, long> { [0] = 150, [1] = 80 }, LastCommitted);

        Assert.Null(plan);
    }
}
