using System.Diagnostics;
using System.Globalization;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Records;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Bench;

/// <summary>
/// Geolocation lookups per second on one thread over the IPs of N records from the mock data generator (public IPv4,
/// about 10% IPv6): without a cache, then with the cache (first pass all misses, later passes hits), then with the default cache
/// over a hot set of addresses, then through
/// <see cref="IIpEnricher.EnrichAsync"/> in windows of distinct addresses as the jobs call it.
/// Usage: geo [--db PATH]... [--records N] [--window N] [--seed S]
/// </summary>
public static class GeoBenchmark
{
    /// <summary>Runs the benchmark and prints its figures; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var paths = new List<string>();
        var records = 1_000_000;
        var window = 10_000;
        var seed = MockDataGenerator.DefaultSeed;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--db" when value is not null: paths.Add(value); i++; break;
                case "--records" when int.TryParse(value, CultureInfo.InvariantCulture, out records) && records > 0: i++; break;
                case "--window" when int.TryParse(value, CultureInfo.InvariantCulture, out window) && window > 0: i++; break;
                case "--seed" when ulong.TryParse(value, CultureInfo.InvariantCulture, out seed): i++; break;
                default:
                    Console.Error.WriteLine($"geo bench: bad argument '{args[i]}'. Usage: geo [--db PATH]... [--records N] [--window N] [--seed S]");
                    return 2;
            }
        }
        if (paths.Count == 0)
        {
            paths.AddRange(GeoDatabaseFinder.Find(FindCacheDirectory()));
        }
        if (paths.Count == 0)
        {
            Console.Error.WriteLine("geo bench: no geolocation database: run `make geoip` or pass --db PATH");
            return 2;
        }

        string[] addresses = [.. new MockDataGenerator(seed).Generate(records).Select(user => user.IpAddress)];
        var v6 = addresses.Count(a => a.Contains(':'));
        Console.WriteLine($"geo bench: IPs of {records:N0} mock records ({(double)v6 / records:P0} IPv6, {addresses.Distinct().Count():N0} distinct), one thread; CPU rates use process CPU time");
        using (var cold = MmdbGeoLocator.Open(paths, cacheSize: 0))
        {
            Console.WriteLine($"database: {cold.Description}");
            Report("no cache", Measure(cold, addresses));
        }
        using (var cached = MmdbGeoLocator.Open(paths, cacheSize: records))
        {
            Report("cache, first pass (all misses)", Measure(cached, addresses));
            Report("cache, later passes (hits, best of 3)", Best(() => Measure(cached, addresses), 3));
        }
        var defaults = new GeoOptions();
        var hot = HotSet(addresses, records, hotCount: 50_000);
        using (var cached = MmdbGeoLocator.Open(paths, defaults.CacheSize))
        {
            Measure(cached, hot);
            Report($"cache {defaults.CacheSize:N0}, 50,000 hot IPs (best of 3)", Best(() => Measure(cached, hot), 3));
        }
        using var enricher = IpEnricherFactory.Create(
            new GeoOptions { DatabasePaths = paths, CacheSize = records }, NullLoggerFactory.Instance);
        // Two passes warm it: the cache takes only one miss in 16 while it hardly answers, every miss once it does.
        await EnrichInWindowsAsync(enricher, addresses, window);
        await EnrichInWindowsAsync(enricher, addresses, window);
        Report($"EnrichAsync, windows of {window:N0}, warm cache", await EnrichInWindowsAsync(enricher, addresses, window));
        return 0;
    }

    private static Run Measure(MmdbGeoLocator locator, string[] addresses)
    {
        var found = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
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
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new Run(clock.Elapsed, cpu, addresses.Length, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }

    private static Run Best(Func<Run> measure, int times) =>
        Enumerable.Range(0, times).Select(_ => measure()).MinBy(run => run.Elapsed)!;

    private static async Task<Run> EnrichInWindowsAsync(IIpEnricher enricher, string[] addresses, int window)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < addresses.Length; start += window)
        {
            var slice = new ArraySegment<string>(addresses, start, Math.Min(window, addresses.Length - start));
            await enricher.EnrichAsync(slice, CancellationToken.None);
        }
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new Run(clock.Elapsed, cpu, addresses.Length, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }

    private static void Report(string label, Run run) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {label,-50} {run.Count / run.Elapsed.TotalSeconds,12:N0} /s wall {run.Count / Math.Max(run.Cpu.TotalSeconds, 1e-9),12:N0} /s CPU {run.Elapsed.TotalMilliseconds,7:N0} ms {(double)run.Allocated / run.Count,7:N1} B/lookup"));

    private sealed record Run(TimeSpan Elapsed, TimeSpan Cpu, int Count, long Allocated);

    private static string[] HotSet(string[] addresses, int count, int hotCount)
    {
        var random = new Random(hotCount);
        var pool = Math.Min(hotCount, addresses.Length);
        return [.. Enumerable.Range(0, count).Select(_ => addresses[random.Next(pool)])];
    }

    private static string FindCacheDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, GeoOptions.DefaultCacheDirectory);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return GeoOptions.DefaultCacheDirectory;
    }
}
