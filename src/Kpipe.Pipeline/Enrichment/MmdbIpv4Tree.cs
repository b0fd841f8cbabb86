using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

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
        using var mapped = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = mapped.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var handle = view.SafeMemoryMappedViewHandle;
        var (nodeCount, recordSize) = MmdbTreeShape.Read(path, handle);
        var nodeBytes = recordSize / 4;
        var node = new byte[8];

        (uint Left, uint Right) Read(uint index)
        {
            handle.ReadSpan((ulong)index * (ulong)nodeBytes, node.AsSpan(0, nodeBytes));
            return recordSize switch
            {
                24 => ((uint)(node[0] << 16 | node[1] << 8 | node[2]), (uint)(node[3] << 16 | node[4] << 8 | node[5])),
                28 => (
                    (uint)((node[3] & 0xF0) << 20 | node[0] << 16 | node[1] << 8 | node[2]),
                    (uint)((node[3] & 0x0F) << 24 | node[4] << 16 | node[5] << 8 | node[6])),
                _ => (BinaryPrimitives.ReadUInt32BigEndian(node), BinaryPrimitives.ReadUInt32BigEndian(node.AsSpan(4))),
            };
        }

        var starts = new List<uint>();
        var pointers = new List<uint>();
        void Leaf(uint start, uint value)
        {
            var pointer = value == nodeCount ? NoRecord : value;
            // Sibling leaves of one record (a range the writer split) become one range.
            if (pointers.Count > 0 && pointers[^1] == pointer)
            {
                return;
            }
            starts.Add(start);
            pointers.Add(pointer);
        }

        // In an IPv6 tree, IPv4 addresses are ::a.b.c.d: 96 zero bits lead to their subtree (or to one leaf for all).
        var root = 0u;
        for (var depth = 0; ipVersion == 6 && depth < 96; depth++)
        {
            root = Read(root).Left;
            if (root >= nodeCount)
            {
                Leaf(0, root);
                return ([.. starts], [.. pointers]);
            }
        }

        // Depth-first, left before right, so leaves come out in address order; an entry is a node or a leaf's value.
        var stack = new Stack<(uint Value, int Depth, uint Prefix)>();
        stack.Push((root, 0, 0));
        while (stack.Count > 0)
        {
            var (value, depth, prefix) = stack.Pop();
            if (value >= nodeCount)
            {
                Leaf(prefix, value);
                continue;
            }
            if (depth >= 32)
            {
                throw new GeoDatabaseException($"{path}: the IPv4 search tree is deeper than 32 bits");
            }
            var (left, right) = Read(value);
            stack.Push((right, depth + 1, prefix | 1u << (31 - depth)));
            stack.Push((left, depth + 1, prefix));
        }
        return ([.. starts], [.. pointers]);
    }
}
