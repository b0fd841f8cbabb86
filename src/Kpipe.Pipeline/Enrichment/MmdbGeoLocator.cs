using Kpipe.Pipeline.Enrichment.Mmdb;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Offline geolocation from one or more MaxMind-format (<c>.mmdb</c>) City files, DB-IP or MaxMind layout, with an LRU
/// cache in front. Thread-safe; a cache hit parses the address and looks it up without allocating.
/// </summary>
public sealed class MmdbGeoLocator : IDisposable
{
    private static readonly IpInfo NotAnIp = IpInfo.Unknown(GeoReasons.NotAnIpAddress);
    private static readonly IpInfo NotFound = IpInfo.Unknown(GeoReasons.NotInDatabase);
    private readonly MmdbFile[] _v4Files;
    private readonly MmdbFile[] _v6Files;
    private readonly MmdbFile[] _allFiles;
    private readonly LruCache<IpAddressKey, IpInfo> _cache;

    private MmdbGeoLocator(MmdbFile[] files, int cacheSize)
    {
        _allFiles = files;
        // An IPv4 file walks only 32 bits, so an IPv6 address must never reach it; IPv6 files hold IPv4 under ::/96.
        _v4Files = [.. files.Where(f => f.IpVersion == 4), .. files.Where(f => f.IpVersion == 6)];
        _v6Files = [.. files.Where(f => f.IpVersion == 6)];
        _cache = new LruCache<IpAddressKey, IpInfo>(cacheSize);
        Description = string.Join(", ", files.Select(f => $"{Path.GetFileName(f.Path)} ({f.DatabaseType}, {f.Layout})"));
    }

    /// <summary>The files in use, their database types and layouts, for the log.</summary>
    public string Description { get; }

    /// <summary>Opens the given files; throws <see cref="GeoDatabaseException"/> with a clear message when one cannot be used.</summary>
    public static MmdbGeoLocator Open(IReadOnlyList<string> paths, int cacheSize)
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
        return new MmdbGeoLocator([.. files], cacheSize);
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
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }
        var info = FindInFiles(key) ?? NotFound;
        _cache.Set(key, info);
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

    private IpInfo? FindInFiles(in IpAddressKey key)
    {
        var address = key.ToIPAddress();
        foreach (var file in key.IsV6 ? _v6Files : _v4Files)
        {
            if (file.Find(address) is { } info)
            {
                return info;
            }
        }
        return null;
    }
}
