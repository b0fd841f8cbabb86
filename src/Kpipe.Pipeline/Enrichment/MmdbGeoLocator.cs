namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Offline geolocation from one or more MaxMind-format (<c>.mmdb</c>) City files, DB-IP or MaxMind layout. IPv4 addresses
/// are answered from a table flattened at start-up (<see cref="Ipv4PlaceTable"/>) unless that is turned off for a
/// low-memory run; IPv6 addresses (and IPv4 without the table) walk the files' trees behind an LRU cache (filled
/// sparingly while it hardly answers), with one shared answer per place. Thread-safe; a table lookup or a cache hit
/// parses the address and looks it up without allocating.
/// </summary>
public sealed class MmdbGeoLocator : IDisposable
{
    private static readonly IpInfo NotAnIp = IpInfo.Unknown(GeoReasons.NotAnIpAddress);
    private static readonly IpInfo NotFound = IpInfo.Unknown(GeoReasons.NotInDatabase);
    private readonly MmdbFile[] _v4Files;
    private readonly MmdbFile[] _v6Files;
    private readonly MmdbFile[] _allFiles;
    private readonly LruCache<IpAddressKey, IpInfo> _cache;
    private readonly CacheAdmission _admission = new();
    private readonly PlaceAnswers _answers;
    private readonly Ipv4PlaceTable? _ipv4;

    private MmdbGeoLocator(MmdbFile[] files, int cacheSize, bool flattenIpv4, bool keepIpv4Table, TimeZoneLocator? timeZones)
    {
        _allFiles = files;
        // An IPv4 file walks only 32 bits, so an IPv6 address must never reach it; IPv6 files hold IPv4 under ::/96.
        _v4Files = [.. files.Where(f => f.IpVersion == 4), .. files.Where(f => f.IpVersion == 6)];
        _v6Files = [.. files.Where(f => f.IpVersion == 6)];
        _cache = new LruCache<IpAddressKey, IpInfo>(cacheSize);
        // Places are far fewer than addresses: as many shared answers as cached addresses covers a batch's places.
        _answers = new PlaceAnswers(Math.Max(cacheSize, 10_000), timeZones);
        _ipv4 = flattenIpv4 ? Ipv4PlaceTable.Build(_v4Files, address => Find(IpAddressKey.FromV4(address)), keepIpv4Table) : null;
        Description = string.Join(", ", files.Select(f => $"{Path.GetFileName(f.Path)} ({f.DatabaseType}, {f.Layout})")) +
            (_ipv4 is null ? "; IPv4 from the trees" : $"; IPv4 flattened into {_ipv4.Ranges:N0} ranges of {_ipv4.Slots:N0} records ({_ipv4.Origin})");
    }

    /// <summary>How many addresses the cache holds.</summary>
    internal int CachedAddresses => _cache.Count;

    /// <summary>The files in use, their database types and layouts, for the log.</summary>
    public string Description { get; }

    /// <summary>The open files, IPv4 ones first, in the order an IPv4 address is looked up in them.</summary>
    internal IReadOnlyList<MmdbFile> Files => _v4Files;

    /// <summary>The flattened IPv4 table; null when IPv4 addresses walk the trees.</summary>
    internal Ipv4PlaceTable? Ipv4Table => _ipv4;

    /// <summary>
    /// Opens the given files; throws <see cref="GeoDatabaseException"/> with a clear message when one cannot be used.
    /// <paramref name="flattenIpv4"/> builds the IPv4 table (faster lookups, more memory and a longer start);
    /// <paramref name="keepIpv4Table"/> keeps it beside the first file and reads it from there at the next open (see
    /// <see cref="Ipv4TableCache"/>); <paramref name="timeZones"/> fills the time zone of places whose record has none.
    /// </summary>
    public static MmdbGeoLocator Open(
        IReadOnlyList<string> paths, int cacheSize, bool flattenIpv4 = true, TimeZoneLocator? timeZones = null, bool keepIpv4Table = true)
    {
        ArgumentOutOfRangeException.ThrowIfZero(paths.Count);
        var files = new List<MmdbFile>(paths.Count);
        try
        {
            foreach (var path in paths)
            {
                files.Add(MmdbFile.Open(path));
            }
            return new MmdbGeoLocator([.. files], cacheSize, flattenIpv4, keepIpv4Table, timeZones);
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }

    /// <summary>Geolocates one address (hostname always null); special-purpose and malformed addresses get a reason.</summary>
    public IpInfo Lookup(ReadOnlySpan<char> address) =>
        IpAddressParser.TryParse(address, out var key) ? Lookup(key) : NotAnIp;

    internal IpInfo Lookup(in IpAddressKey key)
    {
        if (SpecialAddressRanges.Classify(key) is { } reason)
        {
            return IpInfo.Unknown(reason);
        }
        if (_ipv4 is not null && !key.IsV6)
        {
            return _ipv4.Lookup(key.V4);
        }
        if (_cache.Capacity == 0)
        {
            return Find(key);
        }
        if (_cache.TryGet(key, out var cached))
        {
            _admission.Hit();
            return cached;
        }
        // A miss costs one walk of a memory-mapped tree: a cache that hardly ever answers is not worth filling.
        var info = Find(key);
        if (_admission.Miss())
        {
            _cache.Set(key, info);
        }
        return info;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in _allFiles)
        {
            file.Dispose();
        }
    }

    private IpInfo Find(in IpAddressKey key) => FindInFiles(key) ?? NotFound;

    private IpInfo? FindInFiles(in IpAddressKey key)
    {
        var address = key.ToIPAddress();
        foreach (var file in key.IsV6 ? _v6Files : _v4Files)
        {
            if (file.Find(address) is { } place && _answers.AnswerFor(place) is { } info)
            {
                return info;
            }
        }
        return null;
    }
}
