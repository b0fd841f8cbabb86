using System.Globalization;
using System.Net;

namespace Kpipe.Pipeline.Reports;

/// <summary>Text helpers for the report's markup: escaping, and numbers and instants written one way everywhere.</summary>
internal static class Html
{
    /// <summary>Text escaped for an element's content or a quoted attribute.</summary>
    public static string Text(string value) => WebUtility.HtmlEncode(value);

    /// <summary>A count as people read it (thousands separated).</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number as an attribute carries it: invariant, no separators.</summary>
    public static string Raw(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A coordinate or a drawing position, to two decimals at most.</summary>
    public static string Raw(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A measured value as an attribute carries it: every digit it has, so it reads back equal.</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An instant as an attribute carries it: UTC, ISO 8601 to the second.</summary>
    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An instant as <c>kpipe report</c>'s text shows it.</summary>
    public static string Readable(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A window's start as an axis label: the time of day, UTC.</summary>
    public static string Clock(DateTimeOffset value) => value.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
