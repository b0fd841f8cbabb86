using Kpipe.Pipeline.Enrichment.TimeZones;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Offline geolocation from one or more MaxMind-format (<c>.mmdb</c>) City files, DB-IP or MaxMind layout, with an LRU
/// cache in front (filled sparingly while it hardly answers) and one shared answer per place. Thread-safe; a cache hit
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

    private MmdbGeoLocator(MmdbFile[] files, int cacheSize, TimeZoneLocator? timeZones)
    {
        _allFiles = files;
        // An IPv4 file walks only 32 bits, so an IPv6 address must never reach it; IPv6 files hold IPv4 under ::/96.
        _v4Files = [.. files.Where(f => f.IpVersion == 4), .. files.Where(f => f.IpVersion == 6)];
        _v6Files = [.. files.Where(f => f.IpVersion == 6)];
        _cache = new LruCache<IpAddressKey, IpInfo>(cacheSize);
        // Places are far fewer than addresses: as many shared answers as cached addresses covers a batch's places.
        _answers = new PlaceAnswers(Math.Max(cacheSize, 10_000), timeZones);
        Description = string.Join(", ", files.Select(f => $"{Path.GetFileName(f.Path)} ({f.DatabaseType}, {f.Layout})"));
    }

    /// <summary>How many addresses the cache holds.</summary>
    internal int CachedAddresses => _cache.Count;

    /// <summary>The files in use, their database types and layouts, for the log.</summary>
    public string Description { get; }

    /// <summary>
    /// Opens the given files, with <paramref name="timeZones"/> filling the time zone of places whose record has none;
    /// throws <see cref="GeoDatabaseException"/> with a clear message when one cannot be used.
    /// </summary>
    public static MmdbGeoLocator Open(IReadOnlyList<string> paths, int cacheSize, TimeZoneLocator? timeZones = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(paths.Count);
        var files = new List<MmdbFile>(paths.Count);
        try
        {
            foreach (var path in paths)
            {
                files.Add(MmdbFile.Open(path));
            }
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
        return new MmdbGeoLocator([.. files], cacheSize, timeZones);
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
