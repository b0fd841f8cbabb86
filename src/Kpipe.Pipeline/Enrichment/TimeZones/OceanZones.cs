using System.Globalization;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// The zones the boundary data gives the open sea: <c>Etc/GMT±N</c> in 15° bands of longitude centred on multiples of
/// 15° (so 7.5°W to 7.5°E is <c>Etc/GMT</c>). POSIX signs: <c>Etc/GMT-5</c> is five hours ahead of UTC.
/// </summary>
internal static class OceanZones
{
    private static readonly string[] Names = [.. Enumerable.Range(-12, 25).Select(NameOf)];

    /// <summary>The sea zone at <paramref name="longitude"/> (−180 to 180); a band's western edge belongs to it.</summary>
    public static string At(double longitude)
    {
        var hoursEast = (int)Math.Floor((longitude + 7.5) / 15);
        return Names[Math.Clamp(hoursEast, -12, 12) + 12];
    }

    private static string NameOf(int hoursEast) => hoursEast switch
    {
        0 => "Etc/GMT",
        > 0 => "Etc/GMT-" + hoursEast.ToString(CultureInfo.InvariantCulture),
        _ => "Etc/GMT+" + (-hoursEast).ToString(CultureInfo.InvariantCulture),
    };
}
