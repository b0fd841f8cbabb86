using System.Diagnostics;
using System.Globalization;
using Kpipe.Pipeline.Enrichment;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Bench;

/// <summary>
/// Geolocation lookups per second on one thread over the IPs of N mock records (public IPv4 plus a share of IPv6,
/// seeded): without a cache, then with the cache (first pass fills it, second pass hits), then with the default cache
/// over a hot set of addresses, then through
/// <see cref="IIpEnricher.EnrichAsync"/> in windows of distinct addresses as the jobs call it.
/// Usage: geo [--db PATH]... [--records N] [--ipv6-share F] [--window N] [--seed S]
/// </summary>
public static class GeoBenchmark
{
    /// <summary>Runs the benchmark and prints its figures; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var paths = new List<string>();
        var records = 1_000_000;
        var ipv6Share = 0.1;
        var window = 10_000;
        var seed = 42;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--db" when value is not null: paths.Add(value); i++; break;
                case "--records" when int.TryParse(value, CultureInfo.InvariantCulture, out records) && records > 0: i++; break;
                case "--ipv6-share" when double.TryParse(value, CultureInfo.InvariantCulture, out ipv6Share) && ipv6Share is >= 0 and <= 1: i++; break;
                case "--window" when int.TryParse(value, CultureInfo.InvariantCulture, out window) && window > 0: i++; break;
                case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out seed): i++; break;
                default:
                    Console.Error.WriteLine($"geo bench: bad argument '{args[i]}'. Usage: geo [--db PATH]... [--records N] [--ipv6-share 0..1] [--window N] [--seed S]");
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

        var addresses = MockAddresses(records, ipv6Share, seed);
        Console.WriteLine($"geo bench: {records:N0} mock IPs ({ipv6Share:P0} IPv6, {addresses.Distinct().Count():N0} distinct), one thread; CPU rates use process CPU time");
        using (var cold = MmdbGeoLocator.Open(paths, cacheSize: 0))
        {
            Console.WriteLine($"database: {cold.Description}");
            Report("no cache", Measure(cold, addresses));
        }
        using (var cached = MmdbGeoLocator.Open(paths, cacheSize: records))
        {
            Report("cache, first pass (misses fill it)", Measure(cached, addresses));
            Report("cache, later passes (hits, best of 3)", Best(() => Measure(cached, addresses), 3));
        }
        var defaults = new GeoOptions();
        var hot = HotSet(addresses, records, hotCount: 50_000, seed);
        using (var cached = MmdbGeoLocator.Open(paths, defaults.CacheSize))
        {
            Measure(cached, hot);
            Report($"cache {defaults.CacheSize:N0}, 50,000 hot IPs (best of 3)", Best(() => Measure(cached, hot), 3));
        }
        using var enricher = IpEnricherFactory.Create(
            new GeoOptions { DatabasePaths = paths, CacheSize = records }, NullLoggerFactory.Instance);
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

    private static string[] HotSet(string[] addresses, int count, int hotCount, int seed)
    {
        var random = new Random(seed + 1);
        var pool = Math.Min(hotCount, addresses.Length);
        return [.. Enumerable.Range(0, count).Select(_ => addresses[random.Next(pool)])];
    }

    // Like the mock data: mostly public IPv4 in unicast space, the rest IPv6 in allocated global blocks.
    private static string[] MockAddresses(int count, double ipv6Share, int seed)
    {
        var random = new Random(seed);
        ReadOnlySpan<ushort> v6Blocks = [0x2001, 0x2400, 0x2600, 0x2800, 0x2a00, 0x2a02, 0x2c0f, 0x2604, 0x2a01, 0x2405];
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (random.NextDouble() < ipv6Share)
            {
                var block = v6Blocks[random.Next(v6Blocks.Length)];
                result[i] = string.Create(CultureInfo.InvariantCulture, $"{block:x}:{random.Next(0x10000):x}:{random.Next(0x10000):x}::{random.Next(1, 0x10000):x}");
                continue;
            }
            uint address;
            do
            {
                address = (uint)random.NextInt64(1L << 24, 224L << 24);
            }
            while (IsPrivate(address));
            result[i] = $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";
        }
        return result;
    }

    private static bool IsPrivate(uint a) =>
        (a >> 24) is 10 or 127 or 0 || (a >> 16) is 0xA9FE or 0xC0A8 || (a >> 20) == 0xAC1 || (a >> 22) == (0x64400000u >> 22);

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
