using System.Diagnostics;
using System.Globalization;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Records;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Bench;

/// <summary>
/// What filling the time zone from the boundaries costs: opening the index and decoding every quad (time and memory),
/// one point lookup against the decoded boundaries, and geolocation of the same N mock IPs with and without the fill,
/// a first (cold) pass and two more each, side by side in one process.
/// Usage: time-zones [--records N]
/// </summary>
public static class TimeZoneBenchmark
{
    /// <summary>Runs the benchmark and prints its figures; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var records = 200_000;
        if (args is ["--records", var value] && int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            records = n;
        }
        else if (args.Length > 0)
        {
            Console.Error.WriteLine("time-zones bench: usage: time-zones [--records N]");
            return 2;
        }
        var cache = Path.Combine(RepoPaths.Root, GeoOptions.DefaultCacheDirectory);
        var folder = Path.Combine(cache, TimeZoneLocator.FolderName);
        var paths = GeoDatabaseFinder.Find(cache);
        if (paths.Count == 0 || !TimeZoneLocator.IsInstalled(folder))
        {
            Console.Error.WriteLine($"time-zones bench: no database or no time-zone boundaries in {cache}: run `make geoip`");
            return 2;
        }
        string[] addresses = [.. new MockDataGenerator(MockDataGenerator.DefaultSeed).Generate(records).Select(user => user.IpAddress)];

        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var boundaries = TimeZoneBoundaries.Open(folder);
        var openMs = clock.Elapsed.TotalMilliseconds;
        var indexMiB = (GC.GetTotalMemory(forceFullCollection: true) - managedBefore) / 1048576.0;
        clock.Restart();
        boundaries.LoadAll();
        var loadMs = clock.Elapsed.TotalMilliseconds;
        var allMiB = (GC.GetTotalMemory(forceFullCollection: true) - managedBefore) / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time-zones bench: {records:N0} mock IPs; boundaries: index read in {openMs:N0} ms (+{indexMiB:N1} MiB), every quad decoded in {loadMs:N0} ms (+{allMiB:N1} MiB in all)"));

        using var plain = MmdbGeoLocator.Open(paths, new GeoOptions().CacheSize);
        using var filled = MmdbGeoLocator.Open(paths, new GeoOptions().CacheSize, timeZones: new TimeZoneLocator(folder, NullLogger.Instance));
        var points = addresses.Select(a => plain.Lookup(a).Loc).OfType<string>().Distinct().Select(Parse).ToArray();
        var zones = 0;
        clock.Restart();
        foreach (var (lat, lon) in points)
        {
            zones += boundaries.Find(lat, lon) is null ? 0 : 1;
        }
        var perLookupUs = clock.Elapsed.TotalMilliseconds * 1000 / points.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  point lookup (quads decoded): {perLookupUs:N2} µs over {points.Length:N0} distinct places, {zones:N0} zoned"));

        for (var pass = 1; pass <= 3; pass++)
        {
            var plainRate = Measure(plain, addresses);
            var filledRate = Measure(filled, addresses);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  pass {pass}: without fill {plainRate,12:N0} lookups/s, with fill {filledRate,12:N0} lookups/s, with / without {filledRate / plainRate:F2}"));
        }
        return 0;
    }

    private static (double Latitude, double Longitude) Parse(string loc)
    {
        var comma = loc.IndexOf(',');
        return (double.Parse(loc.AsSpan(0, comma), CultureInfo.InvariantCulture), double.Parse(loc.AsSpan(comma + 1), CultureInfo.InvariantCulture));
    }

    private static double Measure(MmdbGeoLocator locator, string[] addresses)
    {
        var located = 0;
        var clock = Stopwatch.StartNew();
        foreach (var address in addresses)
        {
            located += locator.Lookup(address).Loc is null ? 0 : 1;
        }
        clock.Stop();
        if (located == 0)
        {
            throw new InvalidOperationException("no address was located; the database does not match the mock IPs");
        }
        return addresses.Length / clock.Elapsed.TotalSeconds;
    }
}
