using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class WindowMetricsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Users_are_listed_once_each_in_the_order_first_seen_and_the_users_table_keeps_that_order()
    {
        var metrics = new WindowMetrics(Start, Start.AddSeconds(10), expectedUsers: 2);
        foreach (var id in new[] { "30", "4", "30", "200", "4", "1" })
        {
            metrics.Add(id.AsMemory(), "Male", "France");
        }

        Assert.Equal(["30", "4", "200", "1"], metrics.Users.Select(u => u.ToString()));
        Assert.Equal(4, metrics.UniqueUsers);
        Assert.Equal(6, metrics.Records);
        var column = Assert.IsType<Kpipe.Pipeline.Sinks.ColumnValues<ReadOnlyMemory<char>>>(MetricsTables.UserTable(metrics).Columns[2]);
        Assert.Equal(["30", "4", "200", "1"], column.Values.ToArray().Select(v => v!.Value.ToString()));
    }

    [Fact]
    public void Merging_adds_only_the_users_not_seen_yet_after_the_ones_already_there()
    {
        var first = new WindowMetrics(Start, Start.AddSeconds(10));
        first.AddUser("b");
        first.AddUser("a");
        var second = new WindowMetrics(Start, Start.AddSeconds(10));
        second.AddUser("c");
        second.AddUser("a");

        first.Merge(second);

        Assert.Equal(["b", "a", "c"], first.Users.Select(u => u.ToString()));
    }

    [Fact]
    public void Reset_starts_a_new_window_with_nothing_counted()
    {
        var metrics = new WindowMetrics(Start, Start.AddSeconds(10));
        metrics.Add("1".AsMemory(), "Female", "Peru");
        metrics.AddDeadLetters(2);

        metrics.Reset(Start.AddSeconds(10), Start.AddSeconds(20), expectedUsers: 100);
        metrics.Add("2".AsMemory(), "Male", "Chad");

        Assert.Equal(Start.AddSeconds(10), metrics.WindowStart);
        Assert.Equal(Start.AddSeconds(20), metrics.WindowEnd);
        Assert.Equal((1L, 1L, 0L, 0L, 0L), (metrics.Records, metrics.Male, metrics.Female, metrics.OtherGender, metrics.DeadLetters));
        Assert.Equal(["2"], metrics.Users.Select(u => u.ToString()));
        Assert.Equal(["Chad"], metrics.Countries.Keys);
        Assert.Equal(["Male"], metrics.Genders.Keys);
    }
}
