using System.Text;

namespace Kpipe.Pipeline.Reports;

/// <summary>
/// An SVG chart of horizontal bars, largest first (the top countries): each bar carries its key and value as
/// <c>data-*</c> attributes and a <c>&lt;title&gt;</c> tooltip.
/// </summary>
internal static class RankChart
{
    private const double Width = 900;
    private const double Row = 26;
    private const double Label = 200;
    private const double ValueRoom = 90;

    /// <summary>The chart's <c>&lt;figure&gt;</c> for <paramref name="ranked"/>, already in the order to draw.</summary>
    public static string Render(string chart, string caption, string keyAttribute, IReadOnlyList<KeyValuePair<string, long>> ranked, string color)
    {
        var height = Math.Max(1, ranked.Count) * Row + 8;
        var max = Math.Max(1, ranked.Count == 0 ? 0 : ranked.Max(r => r.Value));
        var html = new StringBuilder();
        html.Append($"""<figure class="chart" data-chart="{chart}" data-bars="{ranked.Count}"><figcaption>{Html.Text(caption)}</figcaption>""");
        html.Append($"""<svg viewBox="0 0 {Width} {height}" width="{Width}" height="{height}" role="img" aria-label="{Html.Text(caption)}">""");
        if (ranked.Count == 0)
        {
            html.Append($"""<text class="empty" x="{Width / 2}" y="{Row / 2 + 4}" text-anchor="middle" dominant-baseline="middle">none</text>""");
        }
        for (var i = 0; i < ranked.Count; i++)
        {
            var (key, value) = (ranked[i].Key, ranked[i].Value);
            var y = 4 + (i * Row);
            var width = Math.Max(0.5, value * (Width - Label - ValueRoom) / max);
            var middle = Html.Raw(y + (Row / 2));
            html.Append($"""<text class="label" x="{Label - 8}" y="{middle}" text-anchor="end" dominant-baseline="middle">{Html.Text(key)}</text>""")
                .Append($"""<rect class="bar" x="{Label}" y="{Html.Raw(y + 3)}" width="{Html.Raw(width)}" height="{Row - 6}" fill="{color}" {keyAttribute}="{Html.Text(key)}" data-value="{Html.Raw(value)}">""")
                .Append($"""<title>{Html.Text(key)}: {Html.Count(value)}</title></rect>""")
                .Append($"""<text class="value" x="{Html.Raw(Label + width + 6)}" y="{middle}" dominant-baseline="middle">{Html.Count(value)}</text>""");
        }
        return html.Append("</svg></figure>").ToString();
    }
}
