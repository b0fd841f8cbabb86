using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Gives a place the time zone at its coordinates when its database record has none, from the
/// <see cref="TimeZoneBoundaries"/> in one folder, read on first use and only once. Boundaries that turn out damaged
/// are reported once and leave the time zone null; they never stop a job. Thread-safe.
/// </summary>
public sealed class TimeZoneLocator
{
    /// <summary>The folder under the geolocation cache that <c>make geoip</c> installs the boundaries in.</summary>
    public const string FolderName = "timezones";

    private readonly Lazy<TimeZoneBoundaries?> _boundaries;
    private readonly ILogger _logger;
    private int _failed;

    /// <summary>A locator over the boundaries in <paramref name="folder"/>; nothing is read until the first <see cref="Find"/>.</summary>
    public TimeZoneLocator(string folder, ILogger logger)
    {
        Folder = folder;
        _logger = logger;
        _boundaries = new Lazy<TimeZoneBoundaries?>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The folder the boundaries are read from.</summary>
    public string Folder { get; }

    /// <summary>Whether <paramref name="folder"/> holds both boundary files.</summary>
    public static bool IsInstalled(string folder) =>
        File.Exists(Path.Combine(folder, TimeZoneBoundaries.IndexFileName)) && File.Exists(Path.Combine(folder, TimeZoneBoundaries.DataFileName));

    /// <summary>The zone at the point (see <see cref="TimeZoneBoundaries.Find"/>); null when the boundaries cannot be read.</summary>
    public string? Find(double latitude, double longitude)
    {
        if (_boundaries.Value is not { } boundaries)
        {
            return null;
        }
        try
        {
            return boundaries.Find(latitude, longitude);
        }
        catch (GeoDatabaseException e)
        {
            Failed(e);
            return null;
        }
    }

    private TimeZoneBoundaries? Load()
    {
        try
        {
            return TimeZoneBoundaries.Open(Folder);
        }
        catch (GeoDatabaseException e)
        {
            Failed(e);
            return null;
        }
    }

    private void Failed(GeoDatabaseException e)
    {
        if (Interlocked.Exchange(ref _failed, 1) == 0)
        {
            _logger.TimeZoneBoundariesUnusable(e.Message);
        }
    }
}
