using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Tests.Enrichment.Support;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Unit")]
public sealed class MmdbGeoLocatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DbIp_layout_ipv4_lookup_gives_ipinfo_fields_and_empty_values_stay_null()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 100);

        var info = locator.Lookup("8.8.8.8");

        Assert.Equal(new IpInfo(null, "Mountain View", "California", "US", "37.422,-122.085", null, null), info);
        Assert.Equal(
            new IpInfo(null, "London", "England", "GB", "51.5143,-0.0912", "EC1A", "Europe/London"),
            locator.Lookup("81.2.69.142"));
    }

    [Fact]
    public void DbIp_layout_ipv6_lookup_uses_the_ipv6_file()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 100);

        var info = locator.Lookup("2001:4860:4860::8888");

        Assert.Equal(new IpInfo(null, "Montreal", "Quebec", "CA", "45.5019,-73.5674", null, null), info);
    }

    [Fact]
    public void Ipv6_address_never_reaches_an_ipv4_only_file()
    {
        var path = _dir.File("v4-only.mmdb");
        // 32.1.72.0/24 is 0x200148xx: an IPv4 tree walked with 2001:4860:: would wrongly answer from it.
        new MmdbWriter(4, "city ipv4")
            .Insert("32.1.72.0/24", GeoFixtures.Flat("US", "Virginia", "Ashburn", "", 39.0438f, -77.4874f, ""))
            .WriteTo(path);
        using var locator = MmdbGeoLocator.Open([path], cacheSize: 100);

        Assert.Equal("US", locator.Lookup("32.1.72.96").Country);
        Assert.Equal(IpInfo.Unknown(GeoReasons.NotInDatabase), locator.Lookup("2001:4860:4860::8888"));
    }

    [Fact]
    public void MaxMind_layout_in_ipv6_tree_answers_ipv4_ipv4_mapped_and_ipv6()
    {
        var path = _dir.File("GeoLite2-City.mmdb");
        new MmdbWriter(6, "GeoLite2-City")
            .Insert("81.2.69.0/24", GeoFixtures.MaxMind("GB", "England", "London", "EC4R", 51.5142, -0.0931, "Europe/London"))
            .Insert("2a02:ff40::/32", GeoFixtures.MaxMind("DE", null, null, null, 51.2993, 9.491, null))
            .WriteTo(path);
        using var locator = MmdbGeoLocator.Open([path], cacheSize: 100);

        var london = new IpInfo(null, "London", "England", "GB", "51.5142,-0.0931", "EC4R", "Europe/London");
        Assert.Equal(london, locator.Lookup("81.2.69.142"));
        Assert.Equal(london, locator.Lookup("::ffff:81.2.69.142"));
        Assert.Equal(new IpInfo(null, null, null, "DE", "51.2993,9.491", null, null), locator.Lookup("2a02:ff40::1"));
    }

    [Fact]
    public void MaxMind_layout_is_recognised_by_its_fields_when_the_type_name_is_unfamiliar()
    {
        var path = _dir.File("custom.mmdb");
        new MmdbWriter(4, "Acme-City")
            .Insert("81.2.69.0/24", GeoFixtures.MaxMind("GB", "England", "London", null, 51.5, -0.1, null))
            .WriteTo(path);
        using var locator = MmdbGeoLocator.Open([path], cacheSize: 100);

        Assert.Equal(new IpInfo(null, "London", "England", "GB", "51.5,-0.1", null, null), locator.Lookup("81.2.69.1"));
        Assert.Contains("MaxMindCity", locator.Description);
    }

    [Fact]
    public void Public_address_missing_from_the_database_is_null_with_a_reason()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 100);

        Assert.Equal(IpInfo.Unknown(GeoReasons.NotInDatabase), locator.Lookup("9.9.9.9"));
    }

    [Theory]
    [InlineData("10.1.2.3", GeoReasons.Private)]
    [InlineData("172.16.0.1", GeoReasons.Private)]
    [InlineData("172.31.255.255", GeoReasons.Private)]
    [InlineData("192.168.1.1", GeoReasons.Private)]
    [InlineData("100.64.0.1", GeoReasons.SharedAddressSpace)]
    [InlineData("127.0.0.1", GeoReasons.Loopback)]
    [InlineData("169.254.10.10", GeoReasons.LinkLocal)]
    [InlineData("192.0.2.55", GeoReasons.Documentation)]
    [InlineData("198.51.100.7", GeoReasons.Documentation)]
    [InlineData("203.0.113.9", GeoReasons.Documentation)]
    [InlineData("224.0.0.251", GeoReasons.Multicast)]
    [InlineData("239.255.255.250", GeoReasons.Multicast)]
    [InlineData("240.0.0.1", GeoReasons.Reserved)]
    [InlineData("0.1.2.3", GeoReasons.Reserved)]
    [InlineData("198.18.0.1", GeoReasons.Reserved)]
    [InlineData("0.0.0.0", GeoReasons.Unspecified)]
    [InlineData("255.255.255.255", GeoReasons.Broadcast)]
    [InlineData("::1", GeoReasons.Loopback)]
    [InlineData("::", GeoReasons.Unspecified)]
    [InlineData("fe80::1", GeoReasons.LinkLocal)]
    [InlineData("fe80::1%2", GeoReasons.LinkLocal)]
    [InlineData("fd12:3456::1", GeoReasons.Private)]
    [InlineData("ff02::1", GeoReasons.Multicast)]
    [InlineData("2001:db8::1", GeoReasons.Documentation)]
    [InlineData("3fff::1", GeoReasons.Documentation)]
    [InlineData("2001:2::1", GeoReasons.Reserved)]
    [InlineData("4000::1", GeoReasons.Reserved)]
    [InlineData("::ffff:10.0.0.1", GeoReasons.Private)]
    [InlineData("::ffff:127.0.0.1", GeoReasons.Loopback)]
    public void Special_purpose_addresses_are_null_with_a_reason_even_if_the_database_has_them(string address, string reason)
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 100);

        Assert.Equal(IpInfo.Unknown(reason), locator.Lookup(address));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-ip")]
    [InlineData("8.8.8")]
    [InlineData("8.8.8.8.8")]
    [InlineData("256.1.1.1")]
    [InlineData("08.8.8.8")]
    [InlineData("8.8.8.8 ")]
    [InlineData(" 8.8.8.8")]
    [InlineData("8..8.8")]
    [InlineData("8.8.8.-1")]
    [InlineData("1234")]
    [InlineData("2001:4860::g")]
    [InlineData("2001:4860:::1")]
    [InlineData(":")]
    public void Malformed_strings_are_not_an_ip_address(string text)
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 100);

        Assert.Equal(IpInfo.Unknown(GeoReasons.NotAnIpAddress), locator.Lookup(text));
    }

    [Fact]
    public void Cached_answer_is_the_same_as_the_first_and_works_with_cache_off()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        using var cached = MmdbGeoLocator.Open([v4, v6], cacheSize: 10);
        using var uncached = MmdbGeoLocator.Open([v4, v6], cacheSize: 0);

        var first = cached.Lookup("8.8.8.8");

        Assert.Same(first, cached.Lookup("8.8.8.8"));
        Assert.Equal(first, uncached.Lookup("8.8.8.8"));
        Assert.Equal(first, uncached.Lookup("8.8.8.8"));
    }

    [Fact]
    public void A_stream_of_new_addresses_fills_the_cache_slowly_and_a_working_set_that_comes_back_fills_it_whole()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        // The cache sits in front of the trees; IPv4 reaches them only without the flattened table.
        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 100_000, flattenIpv4: false);
        var addresses = Enumerable.Range(0, 8192).Select(i => $"1.2.{i / 256}.{i % 256}").ToArray();

        foreach (var address in addresses)
        {
            locator.Lookup(address);
        }
        // The first 4,096 lookups all went in; with none of them answered, only one in 16 of the next 4,096.
        Assert.Equal(4096 + 256, locator.CachedAddresses);

        foreach (var address in addresses.Take(4096))
        {
            locator.Lookup(address);
        }
        foreach (var address in addresses.Skip(4096))
        {
            locator.Lookup(address);
        }
        Assert.Equal(8192, locator.CachedAddresses);
    }

    [Fact]
    public void Addresses_of_one_place_share_one_answer()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        using var locator = MmdbGeoLocator.Open([v4, v6], cacheSize: 0);

        var first = locator.Lookup("8.8.8.1");

        Assert.Equal("Mountain View", first.City);
        Assert.All(Enumerable.Range(2, 50), host => Assert.Same(first, locator.Lookup($"8.8.8.{host}")));
        Assert.NotSame(first, locator.Lookup("81.2.69.1"));
    }

    [Fact]
    public void Missing_file_is_a_clear_error()
    {
        var missing = Path.Combine(_dir.Path, "nope.mmdb");

        var error = Assert.Throws<GeoDatabaseException>(() => MmdbGeoLocator.Open([missing], 10));

        Assert.Contains(missing, error.Message);
        Assert.Contains("make geoip", error.Message);
    }

    [Fact]
    public void File_that_is_not_a_MaxMind_database_is_a_clear_error()
    {
        var path = _dir.File("junk.mmdb");
        File.WriteAllText(path, "this is not a database");

        var error = Assert.Throws<GeoDatabaseException>(() => MmdbGeoLocator.Open([path], 10));

        Assert.Contains("cannot open", error.Message);
    }

    [Fact]
    public void Database_with_neither_layout_is_refused()
    {
        var path = _dir.File("asn.mmdb");
        new MmdbWriter(4, "asn ipv4")
            .Insert("8.8.8.0/24", new Dictionary<string, object> { ["autonomous_system_number"] = 15169u })
            .WriteTo(path);

        var error = Assert.Throws<GeoDatabaseException>(() => MmdbGeoLocator.Open([path], 10));

        Assert.Contains("City database", error.Message);
    }
}
