using System.Globalization;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Metrics;

namespace Kpipe.EndToEnd.Tests.Reports;

[Trait("Category", "Slow")]
public sealed class HtmlReportBrowserTests(HtmlReportPage report) : IClassFixture<HtmlReportPage>
{
    private static readonly string[] Charts = ["records", "gender", "countries", "map", "dead-letters"];

    [Fact]
    public void Report_command_writes_the_page_and_prints_its_full_path()
    {
        Assert.True(File.Exists(report.HtmlPath));
        Assert.Contains($"HTML report: {report.HtmlPath}", report.ReportRun.Stdout);
    }

    [Fact]
    public void Page_requests_nothing_but_itself_and_logs_no_error()
    {
        Assert.Empty(report.Problems);
        Assert.Equal([new Uri(report.HtmlPath).AbsoluteUri], report.Requests);
    }

    [Fact]
    public async Task Every_chart_is_drawn_as_an_svg_of_nonzero_size_and_a_screenshot_is_kept()
    {
        foreach (var chart in Charts)
        {
            var box = await report.Page.Locator($"[data-chart='{chart}'] svg").BoundingBoxAsync();
            Assert.True(box is { Width: > 0, Height: > 0 }, $"chart {chart} has no size: {box?.Width}x{box?.Height}");
        }
        Assert.True(await report.Page.Locator("[data-chart='records'] rect.bar").CountAsync() > 0);
        Assert.True(new FileInfo(report.Screenshot).Length > 10_000, $"screenshot {report.Screenshot} is missing or blank");
    }

    [Fact]
    public async Task Figures_equal_the_merged_reports_totals()
    {
        var total = report.Expected.Total;
        var figures = (await report.AttributesAsync("[data-chart='figures'] [data-figure]", "data-figure", "data-value"))
            .Select(f => f.Split('\t')).ToDictionary(f => f[0], f => f[1]);

        Assert.Equal(report.GoodValues, total.Records);
        Assert.Equal(HtmlReportPage.BadValues.Length, total.DeadLetters);
        Assert.Equal(N(total.Records), figures["records"]);
        Assert.Equal(N(total.UniqueUsers), figures["unique-users"]);
        Assert.Equal(N(report.Expected.Windows.Count), figures["windows"]);
        Assert.Equal(N(total.Male), figures["male"]);
        Assert.Equal(N(total.Female), figures["female"]);
        Assert.Equal(N(total.OtherGender), figures["other-gender"]);
        Assert.Equal(N(total.DeadLetters), figures["dead-letters"]);
        Assert.Equal(N(total.Countries.Keys.Count(c => c.Length > 0)), figures["countries"]);
    }

    [Fact]
    public async Task Records_and_unique_users_bars_equal_each_windows_counts()
    {
        var expected = report.Expected.Windows.SelectMany(w => new[] { Bar(w, "records", w.Records), Bar(w, "unique users", w.UniqueUsers) });

        Assert.True(report.Expected.Windows.Count >= 2, "the two job runs should have written two windows or more");
        Assert.Equal(expected, await BarsAsync("records"));
    }

    [Fact]
    public async Task Gender_bars_split_each_window_as_the_merged_report_does()
    {
        var expected = report.Expected.Windows.SelectMany(w => new[] { Bar(w, "male", w.Male), Bar(w, "female", w.Female), Bar(w, "other or none", w.OtherGender) });

        Assert.Equal(expected, await BarsAsync("gender"));
    }

    [Fact]
    public async Task Top_countries_are_the_ten_largest_of_the_total_in_order()
    {
        var expected = report.Expected.Total.Countries.Where(c => c.Key.Length > 0)
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(10)
            .Select(c => $"{c.Key}\t{N(c.Value)}");

        Assert.Equal(expected, await report.AttributesAsync("[data-chart='countries'] rect.bar", "data-country", "data-value"));
    }

    [Fact]
    public async Task Map_draws_the_land_and_one_circle_per_located_place_with_its_records()
    {
        var located = (await JobOutput.RowsAsync(report.TopicDirectory, "records"))
            .Select(row => row.GetValueOrDefault("loc") as string).OfType<string>()
            .Select(loc => loc.Split(',').Select(part => double.Parse(part, CultureInfo.InvariantCulture)).ToArray())
            .GroupBy(p => (p[0], p[1])).ToDictionary(g => g.Key, g => (long)g.Count());
        var circles = (await report.AttributesAsync("[data-chart='map'] circle", "data-lat", "data-lon", "data-records"))
            .Select(c => c.Split('\t').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToDictionary(c => (c[0], c[1]), c => (long)c[2]);
        var land = await report.Page.Locator("[data-chart='map'] path.land").BoundingBoxAsync();

        Assert.True(land is { Width: > 500, Height: > 200 }, $"the land outline is not drawn: {land?.Width}x{land?.Height}");
        Assert.Equal(located.OrderBy(p => p.Key), circles.OrderBy(p => p.Key));
        if (GeoDatabaseFinder.Find(Path.Combine(RepositoryRoot.Path, GeoOptions.DefaultCacheDirectory)).Count > 0)
        {
            Assert.NotEmpty(circles);
        }
    }

    [Fact]
    public async Task Dead_letter_bars_hold_each_windows_count_split_by_the_reasons_in_the_dead_letters_table()
    {
        var reasons = (await JobOutput.RowsAsync(report.TopicDirectory, "dead_letters"))
            .Select(row => ((string)row["reason"]!).Split(':')[0])
            .Order(StringComparer.Ordinal).ToArray();
        var windowTotals = await report.AttributesAsync("[data-chart='dead-letters'] g.window", "data-window", "data-total");
        var bars = (await report.AttributesAsync("[data-chart='dead-letters'] rect.bar", "data-series", "data-value"))
            .Select(b => b.Split('\t')).Where(b => b[1] != "0")
            .SelectMany(b => Enumerable.Repeat(b[0], int.Parse(b[1], CultureInfo.InvariantCulture))).Order(StringComparer.Ordinal);

        Assert.Equal(HtmlReportPage.BadValues.Length, reasons.Length);
        Assert.Equal(report.Expected.Windows.Select(w => $"{Instant(w.WindowStart)}\t{N(w.DeadLetters)}"), windowTotals);
        Assert.Equal(reasons, bars);
    }

    private async Task<string[]> BarsAsync(string chart) =>
        await report.AttributesAsync($"[data-chart='{chart}'] rect.bar", "data-window", "data-series", "data-value");

    private static string Bar(WindowMetrics window, string series, long value) => $"{Instant(window.WindowStart)}\t{series}\t{N(value)}";

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
