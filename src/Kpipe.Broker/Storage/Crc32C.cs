using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Kpipe.Broker.Storage;

/// <summary>CRC-32C (Castagnoli), the checksum of Kafka record batches, using SSE4.2 or ARMv8 CRC instructions when present.</summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78; // reflected Castagnoli polynomial

    private static readonly uint[] Table = BuildTable();

    /// <summary>Computes the CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFF, data);

    /// <summary>Computes the CRC-32C with the portable table algorithm (exposed so tests can compare it with the hardware path).</summary>
    internal static uint ComputeWithTable(ReadOnlySpan<byte> data) => ~UpdateTable(0xFFFFFFFF, data);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong crc64 = crc;
            var longs = MemoryMarshal.Cast<byte, ulong>(data);
            foreach (var value in longs)
            {
                crc64 = Sse42.X64.Crc32(crc64, value);
            }

            crc = (uint)crc64;
            foreach (var b in data[(longs.Length * sizeof(ulong))..])
            {
                crc = Sse42.Crc32(crc, b);
            }

            return crc;
        }

        if (Crc32.Arm64.IsSupported)
        {
            var longs = MemoryMarshal.Cast<byte, ulong>(data);
            foreach (var value in longs)
            {
                crc = Crc32.Arm64.ComputeCrc32C(crc, value);
            }

            foreach (var b in data[(longs.Length * sizeof(ulong))..])
            {
                crc = Crc32.ComputeCrc32C(crc, b);
            }

            return crc;
        }

        return UpdateTable(crc, data);
    }

    private static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (var b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            }

            table[i] = entry;
        }

        return table;
    }
}
