using System.Text;

namespace Kpipe.Pipeline.Reports;

/// <summary>
/// An SVG bar chart with one slot per window: the series side by side (grouped) or on top of each other (stacked). Every
/// bar carries its window, series and value as <c>data-*</c> attributes and a <c>&lt;title&gt;</c> tooltip.
/// </summary>
internal static class BarChart
{
    private const double Width = 900;
    private const double Height = 260;
    private const double Left = 64;
    private const double Right = 12;
    private const double Top = 14;
    private const double Bottom = 34;

    /// <summary>The chart's <c>&lt;figure&gt;</c>: a caption, the SVG and a legend.</summary>
    public static string Render(string chart, string caption, IReadOnlyList<DateTimeOffset> windows, IReadOnlyList<ChartSeries> series, bool stacked)
    {
        var max = Math.Max(1, windows.Count == 0 ? 0 : Enumerable.Range(0, windows.Count)
            .Max(w => stacked ? series.Sum(s => s.Values[w]) : series.Max(s => s.Values[w])));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var slot = plotWidth / Math.Max(1, windows.Count);
        var group = slot * 0.8;
        var barWidth = stacked ? group : group / Math.Max(1, series.Count);
        double Y(long value) => Top + plotHeight - (value * plotHeight / max);

        var svg = new StringBuilder();
        svg.Append($"""<figure class="chart" data-chart="{chart}" data-windows="{windows.Count}"><figcaption>{Html.Text(caption)}</figcaption>""");
        svg.Append($"""<svg viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" role="img" aria-label="{Html.Text(caption)}">""");
        Axes(svg, windows, max, Y);
        for (var w = 0; w < windows.Count; w++)
        {
            var window = Html.Instant(windows[w]);
            var total = series.Sum(s => s.Values[w]);
            svg.Append($"""<g class="window" data-window="{window}" data-total="{Html.Raw(total)}">""");
            var x = Left + (w * slot) + ((slot - group) / 2);
            var stackedTop = 0L;
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[w];
                var barX = stacked ? x : x + (s * barWidth);
                var top = Y(stacked ? stackedTop + value : value);
                var bottom = Y(stacked ? stackedTop : 0);
                svg.Append($"""<rect class="bar" x="{Html.Raw(barX)}" y="{Html.Raw(top)}" width="{Html.Raw(Math.Max(0.5, barWidth))}" height="{Html.Raw(bottom - top)}" fill="{series[s].Color}" """)
                    .Append($"""data-window="{window}" data-series="{Html.Text(series[s].Name)}" data-value="{Html.Raw(value)}">""")
                    .Append($"""<title>{Html.Readable(windows[w])}: {Html.Count(value)} {Html.Text(series[s].Name)}</title></rect>""");
                stackedTop += value;
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        Legend(svg, series);
        return svg.Append("</figure>").ToString();
    }

    /// <summary>The legend under a chart: a colour swatch and a name per series.</summary>
    public static void Legend(StringBuilder html, IEnumerable<ChartSeries> series)
    {
        html.Append("""<ul class="legend">""");
        foreach (var s in series)
        {
            html.Append($"""<li data-series="{Html.Text(s.Name)}" data-total="{Html.Raw(s.Values.Sum())}"><span class="swatch" style="background:{s.Color}"></span>{Html.Text(s.Name)} ({Html.Count(s.Values.Sum())})</li>""");
        }
        html.Append("</ul>");
    }

    private static void Axes(StringBuilder svg, IReadOnlyList<DateTimeOffset> windows, long max, Func<long, double> y)
    {
        var baseline = Html.Raw(y(0));
        svg.Append($"""<line class="axis" x1="{Left}" y1="{baseline}" x2="{Width - Right}" y2="{baseline}"/>""");
        foreach (var tick in new[] { 0, max / 2, max }.Distinct())
        {
            var at = Html.Raw(y(tick));
            svg.Append($"""<line class="grid" x1="{Left}" y1="{at}" x2="{Width - Right}" y2="{at}"/>""")
                .Append($"""<text class="tick" x="{Left - 6}" y="{at}" text-anchor="end" dominant-baseline="middle">{Html.Count(tick)}</text>""");
        }
        if (windows.Count == 0)
        {
            svg.Append($"""<text class="empty" x="{Width / 2}" y="{Height / 2}" text-anchor="middle">no windows</text>""");
            return;
        }
        var slot = (Width - Left - Right) / windows.Count;
        foreach (var w in new[] { 0, windows.Count / 2, windows.Count - 1 }.Distinct())
        {
            var x = Html.Raw(Left + (w * slot) + (slot / 2));
            svg.Append($"""<text class="tick" x="{x}" y="{Height - 12}" text-anchor="middle">{Html.Clock(windows[w])}</text>""");
        }
    }
}
