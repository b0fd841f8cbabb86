using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Keeps the flattened IPv4 ranges of a set of <c>.mmdb</c> files in a file beside the first of them, so a later start
/// reads them (tens of milliseconds) instead of walking the trees again. The file is keyed by each database's name,
/// size, modification time and a hash of its first and last bytes (the tree's top and the metadata), and ends with a
/// SHA-256 of everything before it: a cache for other databases, damaged or cut short is ignored and rebuilt, never
/// trusted. Written to a temporary name and renamed, so a reader never sees half a file.
/// </summary>
internal static class Ipv4TableCache
{
    /// <summary>What the cache file's name adds to the first database's.</summary>
    public const string Suffix = ".kpipe-ipv4-ranges";

    private const int HeaderLength = 48;
    private const int HashLength = 32;
    private const int EdgeBytes = 128 * 1024;
    private static readonly byte[] Magic = "KPV4RNG1"u8.ToArray();

    /// <summary>The cache file for <paramref name="files"/>.</summary>
    public static string PathFor(IReadOnlyList<MmdbFile> files) => files[0].Path + Suffix;

    /// <summary>The identity of the databases, in order: a cache made for other files or versions does not match it.</summary>
    public static byte[] KeyOf(IReadOnlyList<MmdbFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            var info = new FileInfo(file.Path);
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(file.Path)}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}\n"));
            using var handle = File.OpenHandle(file.Path);
            var edge = new byte[(int)Math.Min(info.Length, EdgeBytes)];
            hash.AppendData(edge, 0, RandomAccess.Read(handle, edge, 0));
            hash.AppendData(edge, 0, RandomAccess.Read(handle, edge, info.Length - edge.Length));
        }
        return hash.GetHashAndReset();
    }

    /// <summary>The ranges kept in <paramref name="path"/> for <paramref name="key"/>; null when there are none or they cannot be trusted.</summary>
    public static Ipv4Ranges? TryRead(string path, byte[] key)
    {
        if (!BitConverter.IsLittleEndian || !File.Exists(path))
        {
            return null;
        }
        try
        {
            using var handle = File.OpenHandle(path);
            var length = RandomAccess.GetLength(handle);
            var header = new byte[HeaderLength];
            if (length < HeaderLength + HashLength || RandomAccess.Read(handle, header, 0) != HeaderLength
                || !header.AsSpan(0, 8).SequenceEqual(Magic) || !header.AsSpan(8, 32).SequenceEqual(key))
            {
                return null;
            }
            var ranges = BitConverter.ToInt32(header, 40);
            var slots = BitConverter.ToInt32(header, 44);
            if (ranges <= 0 || slots <= 0 || length != HeaderLength + (8L * ranges) + (4L * slots) + HashLength)
            {
                return null;
            }
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(header);
            var offset = (long)HeaderLength;
            var table = new Ipv4Ranges(new uint[ranges], new int[ranges], new uint[slots]);
            if (!ReadInto(handle, MemoryMarshal.AsBytes(table.Starts.AsSpan()), hash, ref offset)
                || !ReadInto(handle, MemoryMarshal.AsBytes(table.Slots.AsSpan()), hash, ref offset)
                || !ReadInto(handle, MemoryMarshal.AsBytes(table.SlotAddresses.AsSpan()), hash, ref offset))
            {
                return null;
            }
            var stored = new byte[HashLength];
            if (RandomAccess.Read(handle, stored, offset) != HashLength || !stored.AsSpan().SequenceEqual(hash.GetHashAndReset()))
            {
                return null;
            }
            return table.IsConsistent() ? table : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Keeps <paramref name="table"/> in <paramref name="path"/>; returns why it could not, or null.</summary>
    public static string? TryWrite(string path, byte[] key, Ipv4Ranges table)
    {
        if (!BitConverter.IsLittleEndian)
        {
            return "not a little-endian machine";
        }
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var header = new byte[HeaderLength];
                Magic.CopyTo(header, 0);
                key.CopyTo(header, 8);
                BitConverter.TryWriteBytes(header.AsSpan(40), table.Starts.Length);
                BitConverter.TryWriteBytes(header.AsSpan(44), table.SlotAddresses.Length);
                Write(stream, hash, header);
                Write(stream, hash, MemoryMarshal.AsBytes(table.Starts.AsSpan()));
                Write(stream, hash, MemoryMarshal.AsBytes(table.Slots.AsSpan()));
                Write(stream, hash, MemoryMarshal.AsBytes(table.SlotAddresses.AsSpan()));
                stream.Write(hash.GetHashAndReset());
            }
            File.Move(temporary, path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            return e.Message;
        }
    }

    private static void Write(FileStream stream, IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        hash.AppendData(bytes);
        stream.Write(bytes);
    }

    private static bool ReadInto(SafeFileHandle handle, Span<byte> buffer, IncrementalHash hash, ref long offset)
    {
        var rest = buffer;
        while (rest.Length > 0)
        {
            var read = RandomAccess.Read(handle, rest, offset);
            if (read <= 0)
            {
                return false;
            }
            rest = rest[read..];
            offset += read;
        }
        hash.AppendData(buffer);
        return true;
    }
}
