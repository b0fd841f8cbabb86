using System.Globalization;

namespace Kpipe.Pipeline.Windows;

/// <summary>Formats and parses the <c>window_start=…</c> partition directory names the sinks write and the report reads.</summary>
public static class WindowDirectory
{
    /// <summary>The prefix of every window partition directory.</summary>
    public const string Prefix = "window_start=";

    private const string Format = "yyyy-MM-dd'T'HH-mm-ss'Z'";

    /// <summary>The directory name for a window starting at <paramref name="start"/> (UTC, whole seconds).</summary>
    public static string NameOf(DateTimeOffset start) => Prefix + start.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Reads the window start back from a directory name; false when the name is not a window directory.</summary>
    public static bool TryParse(string directoryName, out DateTimeOffset start)
    {
        start = default;
        if (!directoryName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        if (!DateTime.TryParseExact(directoryName.AsSpan(Prefix.Length), Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
        {
            return false;
        }
        start = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }
}
