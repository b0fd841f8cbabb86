namespace Kpipe.Pipeline.Enrichment;

/// <summary>The <see cref="IpInfo.Reason"/> texts enrichment produces, so that consumers can group on them.</summary>
public static class GeoReasons
{
    /// <summary>The text is not an IPv4 dotted quad nor an IPv6 address.</summary>
    public const string NotAnIpAddress = "not an IP address";

    /// <summary>RFC 1918 IPv4 or RFC 4193 unique-local IPv6.</summary>
    public const string Private = "private address";

    /// <summary>RFC 6598 carrier-grade NAT space (100.64.0.0/10).</summary>
    public const string SharedAddressSpace = "shared address space (carrier-grade NAT)";

    /// <summary>127.0.0.0/8 or ::1.</summary>
    public const string Loopback = "loopback address";

    /// <summary>169.254.0.0/16 or fe80::/10.</summary>
    public const string LinkLocal = "link-local address";

    /// <summary>224.0.0.0/4 or ff00::/8.</summary>
    public const string Multicast = "multicast address";

    /// <summary>RFC 5737 / RFC 3849 / RFC 9637 ranges reserved for examples.</summary>
    public const string Documentation = "documentation address";

    /// <summary>0.0.0.0 or ::.</summary>
    public const string Unspecified = "unspecified address";

    /// <summary>255.255.255.255.</summary>
    public const string Broadcast = "broadcast address";

    /// <summary>Any other range IANA reserves (benchmarking, future use, protocol assignments, outside 2000::/3).</summary>
    public const string Reserved = "reserved address";

    /// <summary>A public address the database has no entry for.</summary>
    public const string NotInDatabase = "not in the geolocation database";

    /// <summary>The online provider reported the address as a bogon.</summary>
    public const string Bogon = "bogon address (ipinfo)";

    /// <summary>The online lookup did not answer within the batch's time budget; a later batch may have it.</summary>
    public const string Pending = "lookup not finished within the time budget";

    /// <summary>The online lookup failed (network error, rate limit, bad token); it is retried in a later batch.</summary>
    public const string LookupFailed = "online lookup failed";
}
