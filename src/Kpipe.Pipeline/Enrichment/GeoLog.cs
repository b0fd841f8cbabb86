using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>Source-generated log messages of the enrichment components.</summary>
internal static partial class GeoLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "no geolocation database: run `make geoip` or pass --geoip-db PATH; enrichment fields will be null (looked in {CacheDirectory})")]
    public static partial void NoDatabase(this ILogger logger, string cacheDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "geolocation from {Description}")]
    public static partial void UsingDatabase(this ILogger logger, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Coverage}")]
    public static partial void FieldsFilled(this ILogger logger, string coverage);

    [LoggerMessage(Level = LogLevel.Information, Message = "geolocation from the online provider {BaseUrl} (rate-limited, cached)")]
    public static partial void UsingOnlineProvider(this ILogger logger, Uri baseUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "reverse DNS on: timeout {Timeout}, at most {Concurrency} lookups at once")]
    public static partial void ReverseDnsOn(this ILogger logger, TimeSpan timeout, int concurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "online geolocation rate-limited (HTTP 429): pausing requests for {Delay}")]
    public static partial void RateLimited(this ILogger logger, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "lookup of {Address} failed")]
    public static partial void LookupFailed(this ILogger logger, string address, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "lookup of {Address} timed out after {Timeout}")]
    public static partial void LookupTimedOut(this ILogger logger, string address, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Debug, Message = "enrichment budget {Budget} spent with {Pending} lookups still running; they will fill the cache")]
    public static partial void BudgetSpent(this ILogger logger, TimeSpan budget, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "online geolocation provider {BaseUrl} refused the request (HTTP {Status}): check --geo-token")]
    public static partial void OnlineProviderRefused(this ILogger logger, Uri baseUrl, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "time zones from the boundaries in {Folder} where the database has none")]
    public static partial void TimeZonesFromBoundaries(this ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "no time-zone boundaries in {Folder}: run `make geoip`; timezone stays null where the database has none")]
    public static partial void NoTimeZoneBoundaries(this ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "time-zone boundaries unusable, timezone stays null where the database has none: {Problem}")]
    public static partial void TimeZoneBoundariesUnusable(this ILogger logger, string problem);
}
