using System.Diagnostics;
using System.Globalization;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Records;

namespace Kpipe.Bench;

/// <summary>
/// The flattened IPv4 table against the trees, side by side in one process: the start-up time and memory each way of
/// opening the database costs, then lookups per second over the IPs of N mock records (about 10% IPv6, which both
/// answer from the trees), with the default cache, alternating rounds. Every address's answers are compared first.
/// Usage: geo-table [--db PATH]... [--records N] [--rounds N]
/// </summary>
public static class GeoTableBenchmark
{
    /// <summary>Runs the benchmark and prints its figures; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var paths = new List<string>();
        var records = 1_000_000;
        var rounds = 3;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--db" when value is not null: paths.Add(value); i++; break;
                case "--records" when int.TryParse(value, CultureInfo.InvariantCulture, out records) && records > 0: i++; break;
                case "--rounds" when int.TryParse(value, CultureInfo.InvariantCulture, out rounds) && rounds > 0: i++; break;
                default:
                    Console.Error.WriteLine($"geo-table bench: bad argument '{args[i]}'. Usage: geo-table [--db PATH]... [--records N] [--rounds N]");
                    return 2;
            }
        }
        if (paths.Count == 0)
        {
            paths.AddRange(GeoDatabaseFinder.Find(Path.Combine(RepoPaths.Root, GeoOptions.DefaultCacheDirectory)));
        }
        if (paths.Count == 0)
        {
            Console.Error.WriteLine("geo-table bench: no geolocation database: run `make geoip` or pass --db PATH");
            return 2;
        }
        string[] addresses = [.. new MockDataGenerator(MockDataGenerator.DefaultSeed).Generate(records).Select(user => user.IpAddress)];
        var cacheSize = new GeoOptions().CacheSize;

        var (trees, treesOpen) = Open(paths, cacheSize, flattenIpv4: false);
        var (table, tableOpen) = Open(paths, cacheSize, flattenIpv4: true);
        using (trees)
        using (table)
        {
            Console.WriteLine($"geo-table bench: {records:N0} mock IPs, cache {cacheSize:N0}; {table.Description}");
            Console.WriteLine($"  open, trees: {treesOpen}");
            Console.WriteLine($"  open, table: {tableOpen}");
            var different = addresses.Count(a => !Equals(trees.Lookup(a), table.Lookup(a)));
            Console.WriteLine($"  answers that differ: {different:N0} of {records:N0}");
            if (different > 0)
            {
                return 1;
            }
            for (var round = 1; round <= rounds; round++)
            {
                var treeRate = Measure(trees, addresses);
                var tableRate = Measure(table, addresses);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  round {round}: trees {treeRate,12:N0} lookups/s, table {tableRate,12:N0} lookups/s, table / trees {tableRate / treeRate:F2}"));
            }
        }
        return 0;
    }

    private static (MmdbGeoLocator Locator, string Cost) Open(List<string> paths, int cacheSize, bool flattenIpv4)
    {
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var rssBefore = Rss();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var locator = MmdbGeoLocator.Open(paths, cacheSize, flattenIpv4);
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var managed = GC.GetTotalMemory(forceFullCollection: true) - managedBefore;
        var rss = Rss() - rssBefore;
        return (locator, string.Create(
            CultureInfo.InvariantCulture,
            $"{clock.Elapsed.TotalMilliseconds:N0} ms wall, {cpu.TotalMilliseconds:N0} ms CPU, managed heap +{managed / 1048576.0:N1} MiB, RSS +{rss / 1048576.0:N1} MiB"));
    }

    private static double Measure(MmdbGeoLocator locator, string[] addresses)
    {
        var found = 0;
        var clock = Stopwatch.StartNew();
        foreach (var address in addresses)
        {
            if (locator.Lookup(address).Country is not null)
            {
                found++;
            }
        }
        clock.Stop();
        if (found == 0)
        {
            throw new InvalidOperationException("no address was located; the database does not match the mock IPs");
        }
        return addresses.Length / clock.Elapsed.TotalSeconds;
    }

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
