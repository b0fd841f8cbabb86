using System.Text;
using Kpipe.Pipeline.Metrics;

namespace Kpipe.Pipeline.Reports;

/// <summary>
/// Writes a <see cref="RunReport"/> as one self-contained HTML page: inline CSS and SVG, no script, and a content
/// security policy that forbids every request, so it shows the same offline as online. Each chart carries its numbers
/// in <c>data-*</c> attributes and <c>&lt;title&gt;</c> tooltips.
/// </summary>
public static class HtmlReport
{
    /// <summary>How many countries the top-countries chart shows.</summary>
    public const int TopCountries = 10;

    private const string Records = "#3b6fb6";
    private const string Users = "#e08a2c";
    private const string Grey = "#8c8c8c";
    private static readonly string[] Palette = ["#3b6fb6", "#d2527f", "#e08a2c", "#4a9e5c", "#8e6bbf", "#c9b037", "#5fb3c4"];

    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:940px;color:#222;background:#fff}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd}
        .source{color:#666;margin:0 0 16px}
        .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px;margin:0}
        .figure{background:#f4f6f9;border-radius:6px;padding:8px 10px}.figure dt{color:#555;font-size:12px}
        .figure dd{margin:0;font-size:18px;font-weight:600}
        figure.chart{margin:20px 0}figcaption{font-weight:600;margin-bottom:4px}
        svg{max-width:100%;height:auto;display:block}
        .axis{stroke:#999}.grid{stroke:#eee}.tick,.label,.value,.empty{font-size:11px;fill:#555}
        .sea{fill:#eef4fa}.land{fill:#d9dcd3;stroke:#b9bcb3;stroke-width:.2}
        .place{fill:#c0392b;fill-opacity:.6;stroke:#fff;stroke-width:.15}
        .legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:14px}
        .swatch{display:inline-block;width:10px;height:10px;margin-right:5px;border-radius:2px}
        table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}
        td.n{text-align:right}footer{margin-top:32px;color:#666;font-size:12px}
        """;

    /// <summary>The page for <paramref name="report"/>; <paramref name="source"/> names the directory it was read from.</summary>
    public static string Render(RunReport report, string source)
    {
        var html = new StringBuilder();
        html.Append("""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">""")
            .Append("""<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">""")
            .Append("""<meta name="viewport" content="width=device-width, initial-scale=1">""")
            .Append($"<title>kpipe report: {Html.Text(source)}</title><style>{Style}</style></head><body>")
            .Append($"""<h1>kpipe report</h1><p class="source">stream-metrics output in <code>{Html.Text(source)}</code></p>""");
        foreach (var topic in report.Topics)
        {
            Topic(html, topic);
        }
        html.Append("<footer>World outline: Natural Earth 1:110m land (public domain), via the world-atlas package. ")
            .Append("Places come from the IP geolocation database the job used (DB-IP City Lite by default: IP Geolocation by ")
            .Append("""<a href="https://db-ip.com">DB-IP</a>, CC BY 4.0).</footer></body></html>""");
        return html.ToString();
    }

    private static void Topic(StringBuilder html, TopicReport topic)
    {
        var metrics = topic.Metrics;
        var windows = metrics.Windows.Select(w => w.WindowStart).ToArray();
        html.Append($"""<section class="topic" data-topic="{Html.Text(metrics.Topic)}"><h2>{Html.Text(metrics.Topic)}</h2>""");
        Figures(html, topic);
        html.Append(BarChart.Render("records", "Records and unique users per window", windows,
        [
            new("records", Records, [.. metrics.Windows.Select(w => w.Records)]),
            new("unique users", Users, [.. metrics.Windows.Select(w => (long)w.UniqueUsers)]),
        ], stacked: false));
        html.Append(BarChart.Render("gender", "Gender split per window", windows,
        [
            new("male", Palette[0], [.. metrics.Windows.Select(w => w.Male)]),
            new("female", Palette[1], [.. metrics.Windows.Select(w => w.Female)]),
            new("other or none", Grey, [.. metrics.Windows.Select(w => w.OtherGender)]),
        ], stacked: true));
        html.Append(RankChart.Render("countries", $"Top {TopCountries} countries", "data-country", TopOf(metrics.Total), Palette[3]));
        html.Append(WorldMap.Render($"Where the records were located ({Html.Count(topic.Points.Sum(p => p.Records))} records at {Html.Count(topic.Points.Count)} places)", topic.Points));
        DeadLetters(html, metrics, topic.DeadLetters);
        html.Append("</section>");
    }

    /// <summary>The countries the chart shows: most records first, ties by name, unknown left out (as <c>kpipe report</c> does).</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> TopOf(WindowMetrics metrics) =>
        [.. metrics.Countries.Where(c => c.Key.Length > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopCountries)];

    private static void Figures(StringBuilder html, TopicReport topic)
    {
        var total = topic.Metrics.Total;
        var windows = topic.Metrics.Windows;
        html.Append("""<dl class="figures" data-chart="figures">""");
        Figure(html, "records", "records", Html.Raw(total.Records), Html.Count(total.Records));
        Figure(html, "unique-users", "unique users", Html.Raw(total.UniqueUsers), Html.Count(total.UniqueUsers));
        Figure(html, "windows", "windows", Html.Raw(windows.Count), Html.Count(windows.Count));
        Figure(html, "male", "male", Html.Raw(total.Male), Html.Count(total.Male));
        Figure(html, "female", "female", Html.Raw(total.Female), Html.Count(total.Female));
        Figure(html, "other-gender", "other or no gender", Html.Raw(total.OtherGender), Html.Count(total.OtherGender));
        Figure(html, "dead-letters", "dead letters", Html.Raw(total.DeadLetters), Html.Count(total.DeadLetters));
        var countries = total.Countries.Count(c => c.Key.Length > 0);
        Figure(html, "countries", "countries", Html.Raw(countries), Html.Count(countries));
        var located = topic.Points.Sum(p => p.Records);
        Figure(html, "located", "records located", Html.Raw(located), Html.Count(located));
        if (windows.Count > 0)
        {
            Figure(html, "first-window", "first window", Html.Instant(windows[0].WindowStart), Html.Readable(windows[0].WindowStart));
            Figure(html, "last-window-end", "last window ends", Html.Instant(windows[^1].WindowEnd), Html.Readable(windows[^1].WindowEnd));
        }
        html.Append("</dl>");
    }

    private static void Figure(StringBuilder html, string name, string label, string value, string shown) =>
        html.Append($"""<div class="figure" data-figure="{name}" data-value="{value}"><dt>{label}</dt><dd>{Html.Text(shown)}</dd></div>""");

    // The window summary's count is the bar's height: reasons read from the dead letters table fill it, and any part of
    // it they do not account for is shown as such rather than dropped.
    private static void DeadLetters(StringBuilder html, TopicMetrics metrics, IReadOnlyList<DeadLetterCount> counts)
    {
        var reasons = counts.GroupBy(c => c.Reason).OrderByDescending(g => g.Sum(c => c.Count)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        var byWindow = counts.ToDictionary(c => (c.WindowStart, c.Reason), c => c.Count);
        var series = reasons.Select((reason, i) => new ChartSeries(reason, Palette[(i + 1) % Palette.Length],
            [.. metrics.Windows.Select(w => byWindow.GetValueOrDefault((w.WindowStart, reason)))])).ToList();
        var unexplained = metrics.Windows.Select(w => Math.Max(0, w.DeadLetters - reasons.Sum(r => byWindow.GetValueOrDefault((w.WindowStart, r))))).ToArray();
        if (unexplained.Any(n => n > 0))
        {
            series.Add(new ChartSeries("reason not recorded", Grey, unexplained));
        }
        html.Append(BarChart.Render("dead-letters", $"Dead letters per window by reason ({Html.Count(metrics.Total.DeadLetters)} in all)",
            [.. metrics.Windows.Select(w => w.WindowStart)], series, stacked: true));
    }
}
