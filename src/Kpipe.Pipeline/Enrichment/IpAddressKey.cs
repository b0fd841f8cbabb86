using System.Buffers.Binary;
using System.Net;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// A parsed IP address as a value: IPv4 in the low 32 bits (IPv4-mapped IPv6 is folded into IPv4), IPv6 as all 128 bits.
/// Used as the cache key so that lookups never allocate on a hit.
/// </summary>
internal readonly struct IpAddressKey : IEquatable<IpAddressKey>
{
    public IpAddressKey(UInt128 value, bool isV6)
    {
        Value = value;
        IsV6 = isV6;
    }

    public UInt128 Value { get; }

    public bool IsV6 { get; }

    public uint V4 => (uint)Value;

    public static IpAddressKey FromV4(uint value) => new(value, false);

    public static IpAddressKey FromIPAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4
            ? FromV4(BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : new IpAddressKey(BinaryPrimitives.ReadUInt128BigEndian(bytes), true);
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsV6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
            return new IPAddress(bytes);
        }
        BinaryPrimitives.WriteUInt32BigEndian(bytes, V4);
        return new IPAddress(bytes[..4]);
    }

    public bool Equals(IpAddressKey other) => Value == other.Value && IsV6 == other.IsV6;

    public override bool Equals(object? obj) => obj is IpAddressKey other && Equals(other);

    public override int GetHashCode()
    {
        var mixed = (ulong)(Value >> 64) * 0x9E3779B97F4A7C15UL ^ (ulong)Value;
        return (int)(mixed ^ (mixed >> 32)) ^ (IsV6 ? 0x5bd1e995 : 0);
    }

    public override string ToString() => ToIPAddress().ToString();
}
