namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// How the jobs enrich IP addresses: which database or provider, whether to resolve hostnames, and the
/// bounds (timeouts, concurrency, cache size, per-batch time budget) that keep enrichment from stalling a stream.
/// </summary>
public sealed record GeoOptions
{
    /// <summary>The cache folder <c>make geoip</c> fills, relative to the working directory.</summary>
    public const string DefaultCacheDirectory = ".cache/geoip";

    /// <summary>Explicit <c>.mmdb</c> files (<c>--geoip-db PATH</c>); when empty, <see cref="CacheDirectory"/> is searched.</summary>
    public IReadOnlyList<string> DatabasePaths { get; init; } = [];

    /// <summary>Folder searched for the databases <c>scripts/geoip.sh</c> installs (GeoLite2 preferred over DB-IP when both are there).</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory;

    /// <summary>Geolocation source; <see cref="GeoProvider.Mmdb"/> by default.</summary>
    public GeoProvider Provider { get; init; } = GeoProvider.Mmdb;

    /// <summary>API token for <see cref="GeoProvider.IpInfo"/> (<c>--geo-token</c>); sent as <c>?token=</c>.</summary>
    public string? Token { get; init; }

    /// <summary>Base address of the ipinfo-style API; each lookup requests <c>{base}{ip}</c>.</summary>
    public Uri IpInfoBaseUrl { get; init; } = new("https://ipinfo.io/");

    /// <summary>
    /// Answer IPv4 addresses from a table of the database's ranges built at start-up (33 MiB for DB-IP City Lite, plus
    /// each place's answer once it is seen; see <see cref="KeepIpv4Table"/> for the start-up) instead of walking the
    /// tree per cache miss; false for a low-memory run.
    /// </summary>
    public bool FlattenIpv4 { get; init; } = true;

    /// <summary>
    /// Keep the flattened IPv4 table in a file beside the database (<c>*.kpipe-ipv4-ranges</c>, about 31 MiB for DB-IP
    /// City Lite) and read it from there at the next start instead of building it again; a file that does not match the
    /// database or is damaged is rebuilt. Without a writable folder the table is built each time.
    /// </summary>
    public bool KeepIpv4Table { get; init; } = true;

    /// <summary>Resolve <c>hostname</c> by reverse DNS (<c>--reverse-dns</c>); off by default because it is slow and leaks queries.</summary>
    public bool ReverseDns { get; init; }

    /// <summary>Upper bound on one reverse-DNS or online lookup; a lookup that takes longer counts as failed.</summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many reverse-DNS or online lookups may be in flight at once.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Entries kept in each LRU cache (geolocation, hostnames); 0 disables caching.</summary>
    public int CacheSize { get; init; } = 100_000;

    /// <summary>
    /// Longest a single <see cref="IIpEnricher.EnrichAsync"/> call waits for network lookups; what is not back by then
    /// stays null for this batch and lands in the cache for later ones.
    /// </summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(1);
}
