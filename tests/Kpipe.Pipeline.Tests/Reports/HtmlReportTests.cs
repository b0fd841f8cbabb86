using System.Text.RegularExpressions;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Reports;

namespace Kpipe.Pipeline.Tests.Reports;

[Trait("Category", "Unit")]
public sealed class HtmlReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_and_gender_bars_carry_each_windows_counts()
    {
        var first = Window(0, ("1", "Male", "Spain"), ("2", "Female", "Spain"), ("2", "Female", "Chile"));
        var second = Window(2, ("3", "", "Peru"));

        var html = Render(Topic("users", [first, second]));

        Assert.Equal(
            ["2026-12-05T10:00:00Z records 3", "2026-12-05T10:00:00Z unique users 2", "2026-12-05T10:00:02Z records 1", "2026-12-05T10:00:02Z unique users 1"],
            Bars(html, "records"));
        Assert.Equal(
            ["2026-12-05T10:00:00Z male 1", "2026-12-05T10:00:00Z female 2", "2026-12-05T10:00:00Z other or none 0",
             "2026-12-05T10:00:02Z male 0", "2026-12-05T10:00:02Z female 0", "2026-12-05T10:00:02Z other or none 1"],
            Bars(html, "gender"));
        Assert.Contains("""data-figure="records" data-value="4">""", html);
        Assert.Contains("""data-figure="unique-users" data-value="3">""", html);
    }

    [Fact]
    public void Top_countries_are_largest_first_with_ties_by_name_and_unknown_left_out()
    {
        var window = Window(0, ("1", "Male", "Peru"), ("2", "Male", "Chile"), ("3", "Male", "Chile"), ("4", "Male", "Angola"), ("5", "Male", ""));

        var countries = Regex.Matches(Render(Topic("t", [window])), """data-country="([^"]*)" data-value="(\d+)">""")
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}");

        Assert.Equal(["Chile 2", "Angola 1", "Peru 1"], countries);
    }

    [Fact]
    public void Map_draws_the_land_and_a_circle_per_place_at_its_longitude_and_latitude()
    {
        var topic = Topic("t", [Window(0, ("1", "Male", "Peru"))], [new MapPoint(-12.05, -77.04, 3), new MapPoint(51.5, -0.12, 1)]);

        var html = Render(topic);
        var circles = Regex.Matches(html, """<circle class="place" cx="([^"]+)" cy="([^"]+)" r="[^"]+" data-lat="([^"]+)" data-lon="([^"]+)" data-records="(\d+)">""")
            .Select(m => string.Join(" ", m.Groups.Values.Skip(1).Select(g => g.Value)));

        Assert.Equal(["102.96 102.05 -12.05 -77.04 3", "179.88 38.5 51.5 -0.12 1"], circles);
        Assert.Contains("""data-chart="map" data-points="2" data-located="4">""", html);
        Assert.True(WorldMap.LandPath.Length > 10_000, "the embedded land outline is missing");
        Assert.StartsWith("M", WorldMap.LandPath);
    }

    [Fact]
    public void Dead_letters_stack_by_reason_and_the_part_no_reason_explains_is_shown_as_such()
    {
        var window = Window(0, ("1", "Male", "Peru"));
        window.AddDeadLetters(3);
        var topic = Topic("t", [window], [], [new DeadLetterCount(Start, "not JSON", 2)]);

        var html = Render(topic);

        Assert.Equal(["2026-12-05T10:00:00Z not JSON 2", "2026-12-05T10:00:00Z reason not recorded 1"], Bars(html, "dead-letters"));
        Assert.Contains("""<g class="window" data-window="2026-12-05T10:00:00Z" data-total="3">""", html);
    }

    [Fact]
    public void Names_from_the_data_are_escaped_and_the_page_forbids_every_request()
    {
        var html = Render(Topic("<script>alert(1)</script>", [Window(0, ("1", "Male", "A&B \"Land\""))]));

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("data-country=\"A&amp;B &quot;Land&quot;\"", html);
        Assert.Contains("default-src 'none'", html);
        Assert.DoesNotContain("src=", html);
    }

    [Theory]
    [InlineData("not JSON: 'h' is an invalid start of a value.", "not JSON")]
    [InlineData("no id: field 'id' is missing or null", "no id")]
    [InlineData("plain reason", "plain reason")]
    [InlineData("", "no reason given")]
    public void A_reasons_kind_is_its_text_up_to_the_first_colon(string reason, string kind) =>
        Assert.Equal(kind, RunReportReader.ReasonKind(reason));

    [Theory]
    [InlineData("48.85,2.35", true)]
    [InlineData("-33.9,151.2", true)]
    [InlineData("91,0", false)]
    [InlineData("north", false)]
    [InlineData(null, false)]
    public void A_loc_reads_as_a_place_only_when_it_is_two_numbers_in_range(string? loc, bool valid) =>
        Assert.Equal(valid, RunReportReader.TryParseLocation(loc, out _, out _));

    private static string Render(TopicReport topic) => HtmlReport.Render(new RunReport([topic]), "output/stream-metrics/users");

    private static TopicReport Topic(string name, WindowMetrics[] windows, MapPoint[]? points = null, DeadLetterCount[]? deadLetters = null)
    {
        var total = new WindowMetrics(windows[0].WindowStart, windows[^1].WindowEnd);
        foreach (var window in windows)
        {
            total.Merge(window);
        }
        return new TopicReport(new TopicMetrics(name, windows, total), points ?? [], deadLetters ?? []);
    }

    private static WindowMetrics Window(int seconds, params (string Id, string Gender, string Country)[] records)
    {
        var window = new WindowMetrics(Start.AddSeconds(seconds), Start.AddSeconds(seconds + 2));
        foreach (var (id, gender, country) in records)
        {
            window.Add(id, gender, country);
        }
        return window;
    }

    private static string[] Bars(string html, string chart)
    {
        var figure = Regex.Match(html, $"""<figure class="chart" data-chart="{chart}".*?</figure>""").Value;
        return [.. Regex.Matches(figure, """data-window="([^"]+)" data-series="([^"]+)" data-value="(\d+)">""")
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value}")];
    }
}
