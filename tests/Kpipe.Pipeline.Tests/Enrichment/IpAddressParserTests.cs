using System.Net;
using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Unit")]
public sealed class IpAddressParserTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("8.8.8.8")]
    [InlineData("255.255.255.255")]
    [InlineData("100.20.3.0")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::")]
    [InlineData("fe80::1%3")]
    [InlineData("2001:0DB8:0000:0000:0000:0000:0000:0001")]
    public void Parses_to_the_same_address_as_the_framework(string text)
    {
        Assert.True(IpAddressParser.TryParse(text, out var key));

        var expected = IPAddress.Parse(text);
        var isV6 = expected.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        if (isV6)
        {
            expected.ScopeId = 0;
        }
        Assert.Equal(expected, key.ToIPAddress());
        Assert.Equal(isV6, key.IsV6);
    }

    [Fact]
    public void Ipv4_mapped_ipv6_is_the_same_key_as_the_ipv4_address()
    {
        Assert.True(IpAddressParser.TryParse("::ffff:8.8.4.4", out var mapped));
        Assert.True(IpAddressParser.TryParse("8.8.4.4", out var plain));

        Assert.Equal(plain, mapped);
        Assert.Equal(plain.GetHashCode(), mapped.GetHashCode());
        Assert.False(mapped.IsV6);
    }

    [Fact]
    public void Ipv4_and_ipv6_with_the_same_low_bits_are_different_keys()
    {
        Assert.True(IpAddressParser.TryParse("0.0.0.1", out var v4));
        Assert.True(IpAddressParser.TryParse("::1", out var v6));

        Assert.NotEqual(v4, v6);
    }
}
