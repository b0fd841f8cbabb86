using System.Buffers.Binary;
using System.Net;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Which of the seed's fields a set of open databases fills, found by looking up addresses spread evenly over the
/// address space rather than by the databases' names, so a new file or release is described as it is. Says where the
/// time zone comes from when the database has none and time-zone boundaries stand in.
/// </summary>
internal static class GeoFieldCoverage
{
    // Evenly spaced samples: one per 2^20 IPv4 addresses (and as many IPv6 ones over 2000::/3) finds every field that a
    // useful share of records carries, in a few milliseconds.
    private const int Samples = 4096;

    /// <summary>
    /// One line such as "geolocation: X — city, region, country, loc; timezone from time-zone boundaries; postal: not
    /// in this database".
    /// </summary>
    public static string Describe(IReadOnlyList<MmdbFile> files, bool timeZoneBoundaries)
    {
        var found = new Found();
        foreach (var file in files)
        {
            for (var i = 0; i < Samples; i++)
            {
                if (file.Find(SampleAddress(file.IpVersion, i)) is { } place)
                {
                    found.Add(place);
                }
            }
        }
        var filled = new List<string>();
        var missing = new List<string>();
        (found.City ? filled : missing).Add("city");
        (found.Region ? filled : missing).Add("region");
        (found.Country ? filled : missing).Add("country");
        (found.Loc ? filled : missing).Add("loc");
        (found.Postal ? filled : missing).Add("postal");
        // Boundaries stand in for a missing time zone only where there are coordinates to look them up with.
        var fromBoundaries = !found.Timezone && found.Loc && timeZoneBoundaries;
        if (found.Timezone)
        {
            filled.Add("timezone");
        }
        else if (!fromBoundaries)
        {
            missing.Add("timezone");
        }
        var names = string.Join(" + ", files.Select(f => f.Name).Distinct(StringComparer.Ordinal));
        var parts = new List<string> { filled.Count > 0 ? string.Join(", ", filled) : "no field" };
        if (fromBoundaries)
        {
            parts.Add("timezone from time-zone boundaries");
        }
        if (missing.Count > 0)
        {
            parts.Add($"{string.Join(", ", missing)}: not in this database");
        }
        return $"geolocation: {names} — {string.Join("; ", parts)}";
    }

    private static IPAddress SampleAddress(int ipVersion, int i)
    {
        // An odd offset inside each block keeps the samples off network and broadcast addresses.
        var high = (uint)i << 20 | 0x5_4321;
        var bytes = new byte[ipVersion == 4 ? 4 : 16];
        // IPv6 samples spread over 2000::/3, where the global unicast addresses are (top three bits 001).
        BinaryPrimitives.WriteUInt32BigEndian(bytes, ipVersion == 4 ? high : 0x2000_0000u | (high >> 3));
        return new IPAddress(bytes);
    }

    private sealed class Found
    {
        public bool City { get; private set; }

        public bool Region { get; private set; }

        public bool Country { get; private set; }

        public bool Loc { get; private set; }

        public bool Postal { get; private set; }

        public bool Timezone { get; private set; }

        public void Add(PlaceFields place)
        {
            City |= !string.IsNullOrEmpty(place.City);
            Region |= !string.IsNullOrEmpty(place.Region);
            Country |= !string.IsNullOrEmpty(place.Country);
            Loc |= place.Latitude is not null && place.Longitude is not null;
            Postal |= !string.IsNullOrEmpty(place.Postal);
            Timezone |= !string.IsNullOrEmpty(place.Timezone);
        }
    }
}
