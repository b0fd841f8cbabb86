using Kpipe.Cli.Live;
using Kpipe.Pipeline.Jobs;
using Spectre.Console.Testing;

namespace Kpipe.EndToEnd.Tests.Cli;

[Trait("Category", TestCategories.Unit)]
public sealed class LiveViewTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_view_shows_the_totals_and_the_window_filling_with_its_rate()
    {
        var output = Render(Snapshot());

        Assert.Contains("stream-metrics on users: 2 windows, 1,740 records, 7 dead letters", output);
        // 300 records 1.5 s into the window 19:00:04–19:00:06.
        Assert.Contains("Window 19:00:04–19:00:06 filling: 300 records, 200.0 records/s", output);
    }

    [Fact]
    public void The_lag_table_shows_each_partition_position_log_end_and_lag()
    {
        var rows = Cells(Render(Snapshot()));

        // The countries chart is drawn beside the lag table, on the same lines: the lag is the last cell's first word.
        Assert.Contains(rows, r => LagRow(r, "0", "1,200", "1,250", "50"));
        Assert.Contains(rows, r => LagRow(r, "1", "980", "980", "0"));
        Assert.Contains(rows, r => LagRow(r, "2", "–", "–", "–"));
    }

    [Fact]
    public void The_window_table_shows_the_last_windows_newest_first_with_users_and_gender_split()
    {
        var rows = Cells(Render(Snapshot()));

        var newest = rows.FindIndex(r => r.SequenceEqual(["19:00:02", "1", "1,000", "987", "460", "450", "90", "3"]));
        var oldest = rows.FindIndex(r => r.SequenceEqual(["19:00:00", "0", "740", "740", "350", "330", "60", "4"]));
        Assert.True(newest >= 0 && oldest > newest, string.Join(Environment.NewLine, rows.Select(r => string.Join(" | ", r))));
    }

    [Fact]
    public void The_countries_chart_shows_the_last_window_top_countries_with_their_counts()
    {
        var output = Render(Snapshot());

        Assert.Contains("Top countries 19:00:02", output);
        Assert.Matches(@"Spain\s+█+ 120", output);
        Assert.Matches(@"Nepal\s+█+ 95", output);
        Assert.Matches(@"Bosnia and Herz…\s+█* 7\b", output);
        Assert.DoesNotContain("Bosnia and Herzegovina", output);
    }

    [Fact]
    public void The_sparkline_scales_records_per_window_to_the_largest()
    {
        Assert.Equal("▂▃▅█", LiveView.Sparkline([10, 20, 40, 80]));
        Assert.Equal("▁▁", LiveView.Sparkline([0, 0]));
        Assert.Equal("", LiveView.Sparkline([]));
        Assert.Contains("Records per window ▆█", Render(Snapshot()));
    }

    [Fact]
    public void Log_lines_are_drawn_as_text_under_the_view_and_left_out_of_the_final_drawing()
    {
        var snapshot = Snapshot() with { Log = ["warning: [red] is not markup"] };

        Assert.Contains("warning: [red] is not markup", Render(snapshot));
        Assert.DoesNotContain("warning:", Render(snapshot, withLog: false));
    }

    [Fact]
    public void Before_any_assignment_or_window_the_view_says_it_is_waiting()
    {
        var output = Render(new LiveSnapshot("stream-metrics", "users", null, [], 0, 0, 0, []));

        Assert.Contains("waiting for the group to assign partitions", output);
        Assert.Contains("no countries yet", output);
    }

    internal static LiveSnapshot Snapshot() => new(
        "stream-metrics",
        "users",
        new ConsumingProgress(Start.AddSeconds(5.5), Start.AddSeconds(4), Start.AddSeconds(6), 300,
            [new PartitionLag(0, 1200, 1250), new PartitionLag(1, 980, 980), new PartitionLag(2, null, null)]),
        [
            new WindowSnapshot(0, Start, Start.AddSeconds(2), 740, 740, 350, 330, 60, 4, [new("Spain", 80)]),
            new WindowSnapshot(1, Start.AddSeconds(2), Start.AddSeconds(4), 1000, 987, 460, 450, 90, 3,
                [new("Spain", 120), new("Nepal", 95), new("Bosnia and Herzegovina", 7)]),
        ],
        2,
        1740,
        7,
        []);

    private static string Render(LiveSnapshot snapshot, bool withLog = true)
    {
        var console = new TestConsole().Width(140);
        console.Write(LiveView.Render(snapshot, withLog));
        return console.Output;
    }

    private static bool LagRow(string[] row, string partition, string position, string logEnd, string lag) =>
        row.Length == 4 && row[0] == partition && row[1] == position && row[2] == logEnd && row[3].Split(' ')[0] == lag;

    // The cells of each table row, split at the column separators.
    private static List<string[]> Cells(string output) =>
        [.. output.Split('\n').Where(line => line.Contains('│')).Select(line => line.Split('│').Select(cell => cell.Trim()).ToArray())];
}
