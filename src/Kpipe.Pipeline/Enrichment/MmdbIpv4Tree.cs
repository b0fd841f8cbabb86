using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Walks the IPv4 part of an <c>.mmdb</c> search tree (the whole tree of an IPv4 file, the subtree under <c>::/96</c>
/// of an IPv6 one) and lists its leaves in address order: every range start with the record it points to, or none.
/// The leaves cover all 2^32 addresses, so each range ends where the next begins.
/// </summary>
internal static class MmdbIpv4Tree
{
    /// <summary>The data pointer of a range the file holds no record for.</summary>
    public const uint NoRecord = uint.MaxValue;

    /// <summary>The leaves: ascending range starts (the first is 0) and, per range, its record's raw pointer or <see cref="NoRecord"/>.</summary>
    public static (uint[] Starts, uint[] Pointers) Leaves(string path, int ipVersion)
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        var (nodeCount, recordSize) = MmdbTreeShape.Read(path, handle, length);
        var nodeBytes = recordSize / 4;

        // In an IPv6 tree, IPv4 addresses are ::a.b.c.d: 96 zero bits lead to their subtree (or to one leaf for all).
        // That path is read a node at a time, so a file without IPv4 records costs 96 small reads.
        var root = 0u;
        Span<byte> node = stackalloc byte[8];
        for (var depth = 0; ipVersion == 6 && depth < 96; depth++)
        {
            ReadExactly(path, handle, node[..nodeBytes], (long)root * nodeBytes);
            root = Children(node, 0, recordSize).Left;
            if (root >= nodeCount)
            {
                return ([0], [root == nodeCount ? NoRecord : root]);
            }
        }

        // The walk touches most of the tree: reading it whole at once is far cheaper than a read per node.
        var treeLength = nodeCount * nodeBytes;
        if (treeLength > Array.MaxLength)
        {
            throw new GeoDatabaseException($"{path}: the search tree ({treeLength:N0} bytes) is too large to flatten; pass --geoip-low-memory");
        }
        var tree = GC.AllocateUninitializedArray<byte>((int)treeLength);
        ReadExactly(path, handle, tree, 0);
        return Walk(path, tree, root, (uint)nodeCount, recordSize);
    }

    // Depth-first, left before right, so leaves come out in address order; an entry is a node or a leaf's value.
    private static (uint[] Starts, uint[] Pointers) Walk(string path, byte[] tree, uint root, uint nodeCount, int recordSize)
    {
        var starts = new List<uint>();
        var pointers = new List<uint>();
        var nodeBytes = recordSize / 4;
        // A pop pushes at most two entries one level deeper, and a walk goes at most 32 levels deep.
        Span<uint> values = stackalloc uint[34];
        Span<uint> prefixes = stackalloc uint[34];
        Span<int> depths = stackalloc int[34];
        values[0] = root;
        var top = 1;
        while (top > 0)
        {
            top--;
            var (value, depth, prefix) = (values[top], depths[top], prefixes[top]);
            if (value >= nodeCount)
            {
                var pointer = value == nodeCount ? NoRecord : value;
                // Sibling leaves of one record (a range the writer split) become one range.
                if (pointers.Count == 0 || pointers[^1] != pointer)
                {
                    starts.Add(prefix);
                    pointers.Add(pointer);
                }
                continue;
            }
            if (depth >= 32)
            {
                throw new GeoDatabaseException($"{path}: the IPv4 search tree is deeper than 32 bits");
            }
            var (left, right) = Children(tree, (long)value * nodeBytes, recordSize);
            (values[top], depths[top], prefixes[top]) = (right, depth + 1, prefix | 1u << (31 - depth));
            (values[top + 1], depths[top + 1], prefixes[top + 1]) = (left, depth + 1, prefix);
            top += 2;
        }
        return ([.. starts], [.. pointers]);
    }

    private static (uint Left, uint Right) Children(ReadOnlySpan<byte> tree, long offset, int recordSize)
    {
        var node = tree.Slice((int)offset, recordSize / 4);
        return recordSize switch
        {
            24 => ((uint)(node[0] << 16 | node[1] << 8 | node[2]), (uint)(node[3] << 16 | node[4] << 8 | node[5])),
            28 => (
                (uint)((node[3] & 0xF0) << 20 | node[0] << 16 | node[1] << 8 | node[2]),
                (uint)((node[3] & 0x0F) << 24 | node[4] << 16 | node[5] << 8 | node[6])),
            _ => (BinaryPrimitives.ReadUInt32BigEndian(node), BinaryPrimitives.ReadUInt32BigEndian(node[4..])),
        };
    }

    private static void ReadExactly(string path, SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            if (read <= 0)
            {
                throw new GeoDatabaseException($"{path}: the file ends inside its search tree");
            }
            buffer = buffer[read..];
            offset += read;
        }
    }
}
