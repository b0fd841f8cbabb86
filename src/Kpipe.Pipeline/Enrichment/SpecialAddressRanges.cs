namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Recognises addresses that have no geographic location (IANA special-purpose registries for IPv4 and IPv6)
/// and says why, so that they are never sent to a database or a web API.
/// </summary>
internal static class SpecialAddressRanges
{
    public static string? Classify(in IpAddressKey key) => key.IsV6 ? ClassifyV6(key.Value) : ClassifyV4(key.V4);

    private static string? ClassifyV4(uint a)
    {
        if (a == 0)
        {
            return GeoReasons.Unspecified;
        }
        if (a == 0xFFFFFFFF)
        {
            return GeoReasons.Broadcast;
        }
        return (a >> 24) switch
        {
            0 => GeoReasons.Reserved,
            10 => GeoReasons.Private,
            127 => GeoReasons.Loopback,
            >= 224 and < 240 => GeoReasons.Multicast,
            >= 240 => GeoReasons.Reserved,
            _ => ClassifyV4Narrow(a),
        };
    }

    private static string? ClassifyV4Narrow(uint a)
    {
        if (In(a, 0x64400000, 10))
        {
            return GeoReasons.SharedAddressSpace;
        }
        if (In(a, 0xA9FE0000, 16))
        {
            return GeoReasons.LinkLocal;
        }
        if (In(a, 0xAC100000, 12) || In(a, 0xC0A80000, 16))
        {
            return GeoReasons.Private;
        }
        if (In(a, 0xC0000200, 24) || In(a, 0xC6336400, 24) || In(a, 0xCB007100, 24))
        {
            return GeoReasons.Documentation;
        }
        if (In(a, 0xC0000000, 24) || In(a, 0xC0586300, 24) || In(a, 0xC6120000, 15))
        {
            return GeoReasons.Reserved;
        }
        return null;
    }

    private static string? ClassifyV6(UInt128 a)
    {
        if (a == UInt128.Zero)
        {
            return GeoReasons.Unspecified;
        }
        if (a == UInt128.One)
        {
            return GeoReasons.Loopback;
        }
        var top16 = (uint)(a >> 112);
        if ((top16 & 0xFF00) == 0xFF00)
        {
            return GeoReasons.Multicast;
        }
        if ((top16 & 0xFFC0) == 0xFE80)
        {
            return GeoReasons.LinkLocal;
        }
        if ((top16 & 0xFE00) == 0xFC00)
        {
            return GeoReasons.Private;
        }
        var top32 = (uint)(a >> 96);
        if (top32 == 0x20010DB8 || (top16 & 0xFFF0) == 0x3FF0)
        {
            return GeoReasons.Documentation;
        }
        if ((top16 & 0xE000) != 0x2000 || ((top32 & 0xFFFFFE00) == 0x20010000 && top32 != 0x20010000))
        {
            // Outside global unicast (2000::/3), or IETF protocol assignments (2001::/23) other than Teredo (2001::/32).
            return GeoReasons.Reserved;
        }
        return null;
    }

    private static bool In(uint address, uint network, int prefixLength) =>
        (address >> (32 - prefixLength)) == (network >> (32 - prefixLength));
}
