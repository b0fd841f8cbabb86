using System.Net;

namespace Kpipe.Pipeline.Records;

/// <summary>
/// Draws globally routable addresses: IPv4 outside every IANA special-purpose block (RFC 6890 and successors) and IPv6
/// from 2000::/3 outside its special-purpose and documentation blocks, so geolocation of generated data is meaningful.
/// </summary>
internal static class PublicIpAddresses
{
    private static readonly (uint Network, int PrefixLength)[] ReservedV4 =
    [
        (0x00000000, 8),    // "this network"
        (0x0A000000, 8),    // private
        (0x64400000, 10),   // shared address space (CGNAT)
        (0x7F000000, 8),    // loopback
        (0xA9FE0000, 16),   // link local
        (0xAC100000, 12),   // private
        (0xC0000000, 24),   // IETF protocol assignments
        (0xC0000200, 24),   // TEST-NET-1
        (0xC0586300, 24),   // 6to4 relay anycast
        (0xC0A80000, 16),   // private
        (0xC6120000, 15),   // benchmarking
        (0xC6336400, 24),   // TEST-NET-2
        (0xCB007100, 24),   // TEST-NET-3
        (0xE0000000, 4),    // multicast
        (0xF0000000, 4),    // reserved and broadcast
    ];

    private static readonly (UInt128 Network, int PrefixLength)[] ReservedV6 =
    [
        (V6("2001::"), 23),     // IETF protocol assignments (Teredo, ORCHID, ...)
        (V6("2001:db8::"), 32), // documentation
        (V6("2002::"), 16),     // 6to4
        (V6("3fff::"), 20),     // documentation
    ];

    private static UInt128 V6(string address) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(IPAddress.Parse(address).GetAddressBytes());

    public static bool IsPublic(uint address)
    {
        foreach (var (network, prefixLength) in ReservedV4)
        {
            var mask = uint.MaxValue << (32 - prefixLength);
            if ((address & mask) == network)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsPublic(UInt128 address)
    {
        if (address >> 125 != 1)
        {
            return false;
        }

        foreach (var (network, prefixLength) in ReservedV6)
        {
            if (address >> (128 - prefixLength) == network >> (128 - prefixLength))
            {
                return false;
            }
        }

        return true;
    }

    public static IPAddress NextV4(SplitMix64 random)
    {
        while (true)
        {
            var candidate = (uint)random.Next();
            if (IsPublic(candidate))
            {
                return new IPAddress(new[] { (byte)(candidate >> 24), (byte)(candidate >> 16), (byte)(candidate >> 8), (byte)candidate });
            }
        }
    }

    public static IPAddress NextV6(SplitMix64 random)
    {
        while (true)
        {
            var candidate = ((UInt128)random.Next() << 64) | random.Next();
            candidate = (candidate & (UInt128.MaxValue >> 3)) | ((UInt128)1 << 125);
            if (IsPublic(candidate))
            {
                var bytes = new byte[16];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, candidate);
                return new IPAddress(bytes);
            }
        }
    }
}
