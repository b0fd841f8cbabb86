using System.Net;
using Kpipe.Pipeline.Enrichment.Mmdb;
using MaxMind.Db;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>One open <c>.mmdb</c> file: its reader, IP version and record layout, turning records into <see cref="IpInfo"/>.</summary>
internal sealed class MmdbFile : IDisposable
{
    private static readonly string[] MaxMindTypePrefixes = ["GeoIP2", "GeoLite2", "DBIP-", "GeoIP-"];
    private readonly Reader _reader;

    private MmdbFile(string path, Reader reader, MmdbLayout layout)
    {
        Path = path;
        _reader = reader;
        Layout = layout;
    }

    public string Path { get; }

    public MmdbLayout Layout { get; }

    public int IpVersion => _reader.Metadata.IPVersion;

    public string DatabaseType => _reader.Metadata.DatabaseType;

    /// <summary>The database's own English description when its metadata has one (MaxMind's do), else the file name.</summary>
    public string Name =>
        _reader.Metadata.Description is { } description && description.TryGetValue("en", out var name) && !string.IsNullOrWhiteSpace(name) ? name : System.IO.Path.GetFileName(Path);

    public static MmdbFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new GeoDatabaseException($"geolocation database not found: {path} (run `make geoip` or check --geoip-db)");
        }
        Reader reader;
        try
        {
            reader = new Reader(path, FileAccessMode.MemoryMapped);
        }
        catch (Exception e) when (e is InvalidDatabaseException or IOException or UnauthorizedAccessException)
        {
            throw new GeoDatabaseException($"cannot open {path} as a MaxMind DB (.mmdb) file: {e.Message}", e);
        }
        try
        {
            return new MmdbFile(path, reader, DetectLayout(path, reader));
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Looks the address up; null when the file has no record for it.</summary>
    public PlaceFields? Find(IPAddress address)
    {
        return Layout == MmdbLayout.FlatCity
            ? ToFields(_reader.Find<FlatCityRecord>(address))
            : ToFields(_reader.Find<MaxMindCityRecord>(address));
    }

    /// <summary>The IPv4 ranges of the search tree in address order, each with its record's pointer (see <see cref="MmdbIpv4Tree"/>).</summary>
    public (uint[] Starts, uint[] Pointers) Ipv4Leaves() =>
        MmdbIpv4Tree.Leaves(Path, IpVersion);

    public void Dispose() => _reader.Dispose();

    private static MmdbLayout DetectLayout(string path, Reader reader)
    {
        var type = reader.Metadata.DatabaseType ?? string.Empty;
        if (MaxMindTypePrefixes.Any(prefix => type.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return MmdbLayout.MaxMindCity;
        }
        // Other publishers name types freely ("city ipv4"), so the first record's fields decide.
        using var records = reader.FindAll<Dictionary<string, object>>().GetEnumerator();
        if (!records.MoveNext() || records.Current.Data.ContainsKey("country_code") || records.Current.Data.ContainsKey("state1"))
        {
            return MmdbLayout.FlatCity;
        }
        var first = records.Current.Data;
        if (first.ContainsKey("country") || first.ContainsKey("city") || first.ContainsKey("location"))
        {
            return MmdbLayout.MaxMindCity;
        }
        throw new GeoDatabaseException(
            $"{path} (database_type '{type}') has neither MaxMind City fields (country, city, location) nor flat ones (country_code, state1, city); pass a City database");
    }

    private static PlaceFields? ToFields(FlatCityRecord? record) => record is null
        ? null
        : new PlaceFields(record.City, record.State1, record.CountryCode, record.Latitude, record.Longitude, record.Postcode, record.Timezone);

    private static PlaceFields? ToFields(MaxMindCityRecord? record) => record is null
        ? null
        : new PlaceFields(
            record.City?.EnglishName,
            record.Subdivisions is { Count: > 0 } subdivisions ? subdivisions[0].EnglishName : null,
            record.Country?.IsoCode,
            record.Location?.Latitude,
            record.Location?.Longitude,
            record.Postal?.Code,
            record.Location?.TimeZone);
}
