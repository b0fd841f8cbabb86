using System.Globalization;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// A place as a database record gives it, before anything is formatted: city, region, country code, coordinates (a
/// float or a double, boxed, as the file stores them), postal code and time zone.
/// </summary>
internal readonly record struct PlaceFields(string? City, string? Region, string? Country, object? Latitude, object? Longitude, string? Postal, string? Timezone)
{
    // The coordinates alone nearly always tell places apart and hash without touching a string; Equals still compares
    // every field.
    public override int GetHashCode() => HashCode.Combine(Latitude, Longitude);

    /// <summary>
    /// The answer for this place (hostname unknown), its time zone from <paramref name="timeZones"/> when the record has
    /// none but has coordinates; null when the record holds none of the fields.
    /// </summary>
    public IpInfo? ToInfo(TimeZoneLocator? timeZones = null)
    {
        var info = new IpInfo(
            Hostname: null,
            City: NullIfEmpty(City),
            Region: NullIfEmpty(Region),
            Country: NullIfEmpty(Country),
            Loc: FormatLocation(Latitude, Longitude),
            Postal: NullIfEmpty(Postal),
            Timezone: NullIfEmpty(Timezone) ?? TimeZoneAt(timeZones));
        return info is { City: null, Region: null, Country: null, Loc: null, Postal: null, Timezone: null } ? null : info;
    }

    private string? TimeZoneAt(TimeZoneLocator? timeZones) =>
        timeZones is not null && AsDouble(Latitude) is { } latitude && AsDouble(Longitude) is { } longitude
            ? timeZones.Find(latitude, longitude)
            : null;

    private static double? AsDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        _ => null,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // ipinfo prints coordinates with four decimals; formatting a float as float avoids printing its binary noise.
    private static string? FormatLocation(object? latitude, object? longitude) =>
        Coordinate(latitude) is { } lat && Coordinate(longitude) is { } lon ? string.Concat(lat, ",", lon) : null;

    private static string? Coordinate(object? value) => value switch
    {
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        _ => null,
    };
}
