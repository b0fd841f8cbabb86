using System.Globalization;

namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// The text form of an instant wherever kpipe writes one as text (JSON lines and CSV tables, <c>kpipe consume</c>,
/// values read back as text): ISO-8601 in UTC with milliseconds, <c>2026-11-29T12:00:00.000Z</c>.
/// </summary>
internal static class UtcTimestampText
{
    /// <summary>The text of <paramref name="utc"/>, a UTC date and time.</summary>
    public static string Of(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
