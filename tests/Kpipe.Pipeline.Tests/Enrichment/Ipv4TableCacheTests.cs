using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Tests.Enrichment.Support;

namespace Kpipe.Pipeline.Tests.Enrichment;

/// <summary>
/// The flattened IPv4 table kept beside the database: a later open reads it and answers as the trees do, and a cache
/// that is damaged, cut short or made for another version of the database is rebuilt, never used.
/// </summary>
[Trait("Category", "Unit")]
public sealed class Ipv4TableCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_second_open_reads_the_table_the_first_kept_and_answers_like_the_trees()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        using (var first = MmdbGeoLocator.Open([v4, v6], cacheSize: 0))
        {
            Assert.StartsWith("built, kept in", first.Ipv4Table!.Origin);
        }

        using var second = MmdbGeoLocator.Open([v4, v6], cacheSize: 0);

        Assert.StartsWith("read from", second.Ipv4Table!.Origin);
        Assert.True(File.Exists(v4 + Ipv4TableCache.Suffix));
        AssertAnswersLikeTheTrees(second, [v4, v6]);
        Assert.Equal("Mountain View", second.Lookup("8.8.8.8").City);
    }

    [Theory]
    [InlineData("a flipped byte in the ranges")]
    [InlineData("a flipped byte in the checksum")]
    [InlineData("cut short")]
    [InlineData("empty")]
    public void A_damaged_cache_is_rebuilt_and_the_answers_stay_right(string damage)
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        MmdbGeoLocator.Open([v4, v6], cacheSize: 0).Dispose();
        var cache = v4 + Ipv4TableCache.Suffix;
        var bytes = File.ReadAllBytes(cache);
        switch (damage)
        {
            case "a flipped byte in the ranges": bytes[52] ^= 0x40; break;
            case "a flipped byte in the checksum": bytes[^1] ^= 0x01; break;
            case "cut short": bytes = bytes[..^5]; break;
            default: bytes = []; break;
        }
        File.WriteAllBytes(cache, bytes);

        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 0);

        Assert.StartsWith("built, kept in", locator.Ipv4Table!.Origin);
        AssertAnswersLikeTheTrees(locator, [v4, v6]);
        using var again = MmdbGeoLocator.Open([v4, v6], cacheSize: 0);
        Assert.StartsWith("read from", again.Ipv4Table!.Origin);
    }

    [Fact]
    public void A_cache_made_for_another_version_of_the_database_is_not_used()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        MmdbGeoLocator.Open([v4, v6], cacheSize: 0).Dispose();
        new MmdbWriter(4, "city ipv4")
            .Insert("8.8.0.0/16", GeoFixtures.Flat("FR", "Ile-de-France", "Paris", "", 48.85f, 2.35f, ""))
            .WriteTo(v4);

        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 0);

        Assert.StartsWith("built, kept in", locator.Ipv4Table!.Origin);
        Assert.Equal("Paris", locator.Lookup("8.8.8.8").City);
        Assert.Equal(IpInfo.Unknown(GeoReasons.NotInDatabase), locator.Lookup("81.2.69.1"));
        AssertAnswersLikeTheTrees(locator, [v4, v6]);
    }

    [Fact]
    public void A_table_not_kept_is_built_each_time_and_writes_no_file()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);

        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 0, keepIpv4Table: false);

        Assert.Equal("built", locator.Ipv4Table!.Origin);
        Assert.False(File.Exists(v4 + Ipv4TableCache.Suffix));
    }

    private static void AssertAnswersLikeTheTrees(MmdbGeoLocator table, string[] files)
    {
        using var trees = MmdbGeoLocator.Open(files, cacheSize: 0, flattenIpv4: false);
        var probes = table.Ipv4Table!.Starts.ToArray()
            .SelectMany(start => new[] { start - 1, start, start + 1 })
            .Select(address => IpAddressKey.FromV4(address).ToString());
        Assert.All(probes, address => Assert.Equal(trees.Lookup(address), table.Lookup(address)));
    }
}
