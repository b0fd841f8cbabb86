using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>Builds the <see cref="IIpEnricher"/> that <see cref="GeoOptions"/> describe.</summary>
public static class IpEnricherFactory
{
    /// <summary>The reason every field is null when no database could be found.</summary>
    public const string NoDatabaseReason = "no geolocation database: run `make geoip` or pass --geoip-db PATH";

    /// <summary>
    /// A <see cref="GeoIpEnricher"/> over the configured database or provider, or a <see cref="NullIpEnricher"/> (logged once,
    /// as a warning) when no database is configured or installed. Throws <see cref="GeoDatabaseException"/> when a file
    /// named in <see cref="GeoOptions.DatabasePaths"/> is missing or not a MaxMind DB.
    /// </summary>
    public static IIpEnricher Create(GeoOptions options, ILoggerFactory loggerFactory) =>
        Create(options, loggerFactory, options.ReverseDns ? new SystemReverseDnsResolver() : null, TimeProvider.System);

    internal static IIpEnricher Create(GeoOptions options, ILoggerFactory loggerFactory, IReverseDnsResolver? resolver, TimeProvider time)
    {
        Validate(options);
        var logger = loggerFactory.CreateLogger<GeoIpEnricher>();
        if (resolver is not null)
        {
            logger.ReverseDnsOn(options.LookupTimeout, options.Concurrency);
        }
        if (options.Provider == GeoProvider.IpInfo)
        {
            var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var client = new IpInfoClient(http, options.IpInfoBaseUrl, options.Token, time, logger);
            logger.UsingOnlineProvider(options.IpInfoBaseUrl);
            return new GeoIpEnricher(null, client, resolver, options, time, logger, http);
        }
        var paths = options.DatabasePaths.Count > 0 ? options.DatabasePaths : GeoDatabaseFinder.Find(options.CacheDirectory);
        if (paths.Count == 0)
        {
            logger.NoDatabase(Path.GetFullPath(options.CacheDirectory));
            return new NullIpEnricher(NoDatabaseReason);
        }
        var timeZones = TimeZonesIn(options.CacheDirectory, logger);
        var locator = MmdbGeoLocator.Open(paths, options.CacheSize, options.FlattenIpv4, timeZones, options.KeepIpv4Table);
        logger.UsingDatabase(locator.Description);
        logger.FieldsFilled(GeoFieldCoverage.Describe(locator.Files, timeZones is not null));
        return new GeoIpEnricher(locator, null, resolver, options, time, logger);
    }

    private static TimeZoneLocator? TimeZonesIn(string cacheDirectory, ILogger logger)
    {
        var folder = Path.GetFullPath(Path.Combine(cacheDirectory, TimeZoneLocator.FolderName));
        if (!TimeZoneLocator.IsInstalled(folder))
        {
            logger.NoTimeZoneBoundaries(folder);
            return null;
        }
        logger.TimeZonesFromBoundaries(folder);
        return new TimeZoneLocator(folder, logger);
    }

    private static void Validate(GeoOptions options)
    {
        if (options.LookupTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the geolocation lookup timeout must be positive, not {options.LookupTimeout}", nameof(options));
        }
        if (options.TimeBudget < TimeSpan.Zero)
        {
            throw new ArgumentException($"the enrichment time budget cannot be negative ({options.TimeBudget})", nameof(options));
        }
        if (options.Concurrency < 1)
        {
            throw new ArgumentException($"the lookup concurrency must be at least 1, not {options.Concurrency}", nameof(options));
        }
        if (options.CacheSize < 0)
        {
            throw new ArgumentException($"the cache size cannot be negative ({options.CacheSize}); 0 turns caching off", nameof(options));
        }
    }
}
