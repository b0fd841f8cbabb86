using System.Text;
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
            metrics.Add(Encoding.UTF8.GetBytes(id), "Male"u8, "France"u8);
        }

        Assert.Equal(["30", "4", "200", "1"], metrics.Users.Select(Text));
        Assert.Equal(4, metrics.UniqueUsers);
        Assert.Equal(6, metrics.Records);
        var column = Assert.IsType<ColumnValues<ReadOnlyMemory<byte>>>(MetricsTables.UserTable(metrics).Columns[2]);
        Assert.Equal(["30", "4", "200", "1"], column.Values.ToArray().Select(v => Text(v!.Value)));
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

        Assert.Equal(["b", "a", "c"], first.Users.Select(Text));
    }

    [Fact]
    public void Reset_starts_a_new_window_with_nothing_counted()
    {
        var metrics = new WindowMetrics(Start, Start.AddSeconds(10));
        metrics.Add("1"u8.ToArray(), "Female"u8, "Peru"u8);
        metrics.AddDeadLetters(2);

        metrics.Reset(Start.AddSeconds(10), Start.AddSeconds(20), expectedUsers: 100);
        metrics.Add("2"u8.ToArray(), "Male"u8, "Chad"u8);

        Assert.Equal(Start.AddSeconds(10), metrics.WindowStart);
        Assert.Equal(Start.AddSeconds(20), metrics.WindowEnd);
        Assert.Equal((1L, 1L, 0L, 0L, 0L), (metrics.Records, metrics.Male, metrics.Female, metrics.OtherGender, metrics.DeadLetters));
        Assert.Equal(["2"], metrics.Users.Select(Text));
        Assert.Equal(["Chad"], metrics.Countries.Keys);
        Assert.Equal(["Male"], metrics.Genders.Keys);
    }

    [Fact]
    public void Utf8_keys_count_under_the_same_text_as_strings_and_genders_match_in_any_ascii_case()
    {
        var metrics = new WindowMetrics(Start, Start.AddSeconds(10));
        metrics.AddCountry("Zürich", 2);
        metrics.AddGender("FEMALE", 1);

        metrics.Add("7"u8.ToArray(), "FEMALE"u8, "Zürich"u8);
        metrics.Add("ü"u8.ToArray(), "mAlE"u8, "日本"u8);
        metrics.Add("8"u8.ToArray(), "mále"u8, ""u8);
        metrics.Add("ü"u8.ToArray(), ""u8, "Zurich"u8);

        Assert.Equal(3, metrics.Countries["Zürich"]);
        Assert.Equal(1, metrics.Countries["日本"]);
        Assert.Equal(1, metrics.Countries["Zurich"]);
        Assert.Equal(1, metrics.Countries[""]);
        Assert.Equal(2, metrics.Genders["FEMALE"]);
        Assert.Equal((1L, 1L, 2L), (metrics.Male, metrics.Female, metrics.OtherGender));
        Assert.Equal(["7", "ü", "8"], metrics.Users.Select(Text));
    }

    private static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.Span);
}
