using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// The enricher the jobs use: geolocation from an <c>.mmdb</c> database or an online provider, plus optional
/// reverse-DNS hostnames, each cached. <see cref="EnrichAsync"/> waits for network lookups at most
/// <see cref="GeoOptions.TimeBudget"/>; lookups still running then finish in the background and fill the caches.
/// </summary>
public sealed class GeoIpEnricher : IIpEnricher
{
    private static readonly IpInfo NotAnIp = IpInfo.Unknown(GeoReasons.NotAnIpAddress);
    private static readonly IpInfo Pending = IpInfo.Unknown(GeoReasons.Pending);
    private readonly MmdbGeoLocator? _locator;
    private readonly CachedAsyncLookup<IpInfo>? _online;
    private readonly CachedAsyncLookup<string?>? _hostnames;
    private readonly TimeSpan _budget;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient? _ownedHttp;

    internal GeoIpEnricher(
        MmdbGeoLocator? locator,
        IpInfoClient? online,
        IReverseDnsResolver? resolver,
        GeoOptions options,
        TimeProvider time,
        ILogger<GeoIpEnricher> logger,
        HttpClient? ownedHttp = null)
    {
        if ((locator is null) == (online is null))
        {
            throw new ArgumentException("exactly one of a database and an online provider is needed");
        }
        _locator = locator;
        _budget = options.TimeBudget;
        _time = time;
        _logger = logger;
        _ownedHttp = ownedHttp;
        if (online is not null)
        {
            _online = new CachedAsyncLookup<IpInfo>(
                online.LookupAsync, IpInfo.Unknown(GeoReasons.LookupFailed), Pending, cacheFailures: false, options, logger);
        }
        if (resolver is not null)
        {
            _hostnames = new CachedAsyncLookup<string?>(
                (key, token) => resolver.ResolveAsync(key.ToIPAddress(), token), null, null, cacheFailures: true, options, logger);
        }
    }

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <summary>
    /// The database, when it alone gives every answer (no online provider, no reverse DNS): its
    /// <see cref="MmdbGeoLocator.Lookup(in IpAddressKey)"/> then answers an address at once with what
    /// <see cref="EnrichAsync"/> would give for its text, with no string, set or dictionary in between.
    /// </summary>
    internal MmdbGeoLocator? DatabaseOnly => _hostnames is null ? _locator : null;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IpInfo>> EnrichAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var result = new Dictionary<string, IpInfo>(addresses.Count, StringComparer.Ordinal);
        List<PendingAddress>? pending = null;
        foreach (var address in addresses)
        {
            if (!IpAddressParser.TryParse(address, out var key))
            {
                result[address] = NotAnIp;
                continue;
            }
            if (SpecialAddressRanges.Classify(key) is { } reason)
            {
                result[address] = IpInfo.Unknown(reason);
                continue;
            }
            // Database lookups are synchronous and need no task; only network lookups can be pending.
            var geo = _locator?.Lookup(key);
            var geoTask = geo is null ? _online!.GetAsync(key) : null;
            var hostname = _hostnames?.GetAsync(key);
            if (geoTask is { IsCompleted: false } || hostname is { IsCompleted: false })
            {
                (pending ??= []).Add(new PendingAddress(address, geo, geoTask, hostname));
            }
            else
            {
                result[address] = Combine(geo ?? geoTask!.Result, hostname?.Result);
            }
        }
        if (pending is not null)
        {
            await WaitWithinBudgetAsync(pending, started, cancellationToken).ConfigureAwait(false);
            foreach (var entry in pending)
            {
                var geo = entry.Geo ?? (entry.GeoTask!.IsCompleted ? entry.GeoTask.Result : Pending);
                var hostname = entry.Hostname is { IsCompleted: true } done ? done.Result : null;
                result[entry.Address] = Combine(geo, hostname);
            }
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _hostnames?.Dispose();
        _online?.Dispose();
        _locator?.Dispose();
        _ownedHttp?.Dispose();
    }

    private async Task WaitWithinBudgetAsync(List<PendingAddress> pending, long started, CancellationToken cancellationToken)
    {
        var tasks = new List<Task>(pending.Count * 2);
        foreach (var entry in pending)
        {
            if (entry.GeoTask is not null)
            {
                tasks.Add(entry.GeoTask);
            }
            if (entry.Hostname is not null)
            {
                tasks.Add(entry.Hostname);
            }
        }
        var remaining = _budget - _time.GetElapsedTime(started);
        try
        {
            if (remaining > TimeSpan.Zero)
            {
                await Task.WhenAll(tasks).WaitAsync(remaining, _time, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        catch (TimeoutException)
        {
        }
        _logger.BudgetSpent(_budget, tasks.Count(t => !t.IsCompleted));
    }

    // Reverse DNS, when on, wins over the online provider's hostname; otherwise the provider's (null for databases) stands.
    private static IpInfo Combine(IpInfo geo, string? hostname) =>
        hostname is null || hostname == geo.Hostname ? geo : geo with { Hostname = hostname };

    private sealed record PendingAddress(string Address, IpInfo? Geo, Task<IpInfo>? GeoTask, Task<string?>? Hostname);
}
