using System.Buffers.Binary;
using System.Collections;
using System.Net;
using System.Text;

namespace Kpipe.Pipeline.Tests.Enrichment.Support;

/// <summary>
/// A minimal MaxMind DB (format 2.0) writer for test fixtures, written from the published specification: a binary
/// search tree with 24-bit records, a data section of encoded values, and the metadata map after the
/// "\xAB\xCD\xEFMaxMind.com" marker. IPv4 networks written into an IPv6 tree go under ::/96, as MaxMind's own files do.
/// </summary>
internal sealed class MmdbWriter
{
    private static readonly byte[] MetadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];
    private readonly Node _root = new();
    private readonly int _ipVersion;
    private readonly string _databaseType;
    private readonly string _description;

    /// <summary>A writer for one file; an empty <paramref name="description"/> leaves the metadata's English one empty.</summary>
    public MmdbWriter(int ipVersion, string databaseType, string description = "kpipe test fixture")
    {
        if (ipVersion is not (4 or 6))
        {
            throw new ArgumentOutOfRangeException(nameof(ipVersion));
        }
        _ipVersion = ipVersion;
        _databaseType = databaseType;
        _description = description;
    }

    private int TreeDepth => _ipVersion == 4 ? 32 : 128;

    /// <summary>Maps every address of <paramref name="cidr"/> (e.g. "8.8.8.0/24", "2001:db8::/32") to <paramref name="data"/>.</summary>
    public MmdbWriter Insert(string cidr, object data)
    {
        var slash = cidr.IndexOf('/');
        var address = IPAddress.Parse(cidr[..slash]);
        var prefix = int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var bytes = address.GetAddressBytes();
        if (bytes.Length == 16 && _ipVersion == 4)
        {
            throw new ArgumentException("an IPv4 tree cannot hold IPv6 networks", nameof(cidr));
        }
        if (bytes.Length == 4 && _ipVersion == 6)
        {
            bytes = [.. new byte[12], .. bytes];
            prefix += 96;
        }
        var node = _root;
        for (var depth = 0; depth < prefix; depth++)
        {
            var bit = (bytes[depth / 8] >> (7 - depth % 8)) & 1;
            if (depth == prefix - 1)
            {
                node.Children[bit] = data;
                break;
            }
            if (node.Children[bit] is not Node child)
            {
                // A less specific network already there keeps covering the rest of its range.
                var inherited = node.Children[bit];
                child = new Node();
                child.Children[0] = inherited;
                child.Children[1] = inherited;
                node.Children[bit] = child;
            }
            node = child;
        }
        return this;
    }

    public void WriteTo(string path) => File.WriteAllBytes(path, Build());

    public byte[] Build()
    {
        var nodes = new List<Node>();
        Number(_root, nodes);
        var data = new MemoryStream();
        var dataOffsets = new Dictionary<object, long>(ReferenceEqualityComparer.Instance);
        var tree = new byte[nodes.Count * 6];
        for (var i = 0; i < nodes.Count; i++)
        {
            for (var side = 0; side < 2; side++)
            {
                var value = RecordValue(nodes[i].Children[side], nodes.Count, data, dataOffsets);
                var at = i * 6 + side * 3;
                tree[at] = (byte)(value >> 16);
                tree[at + 1] = (byte)(value >> 8);
                tree[at + 2] = (byte)value;
            }
        }
        var output = new MemoryStream();
        output.Write(tree);
        output.Write(new byte[16]);
        data.WriteTo(output);
        output.Write(MetadataMarker);
        Encode(output, new Dictionary<string, object>
        {
            ["node_count"] = (uint)nodes.Count,
            ["record_size"] = (ushort)24,
            ["ip_version"] = (ushort)_ipVersion,
            ["database_type"] = _databaseType,
            ["languages"] = new object[] { "en" },
            ["binary_format_major_version"] = (ushort)2,
            ["binary_format_minor_version"] = (ushort)0,
            ["build_epoch"] = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["description"] = new Dictionary<string, object> { ["en"] = _description },
        });
        return output.ToArray();
    }

    private void Number(Node node, List<Node> nodes)
    {
        node.Index = nodes.Count;
        nodes.Add(node);
        foreach (var child in node.Children)
        {
            if (child is Node inner)
            {
                Number(inner, nodes);
            }
        }
    }

    private static long RecordValue(object? child, int nodeCount, MemoryStream data, Dictionary<object, long> dataOffsets)
    {
        switch (child)
        {
            case null:
                return nodeCount;
            case Node node:
                return node.Index;
            default:
                if (!dataOffsets.TryGetValue(child, out var offset))
                {
                    offset = data.Length;
                    Encode(data, child);
                    dataOffsets[child] = offset;
                }
                var value = nodeCount + 16 + offset;
                return value < (1 << 24) ? value : throw new InvalidOperationException("fixture too large for 24-bit records");
        }
    }

    private static void Encode(Stream output, object value)
    {
        switch (value)
        {
            case string text:
                var utf8 = Encoding.UTF8.GetBytes(text);
                WriteControl(output, 2, utf8.Length);
                output.Write(utf8);
                break;
            case double d:
                WriteControl(output, 3, 8);
                Span<byte> eight = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleBigEndian(eight, d);
                output.Write(eight);
                break;
            case float f:
                WriteControl(output, 15, 4);
                Span<byte> four = stackalloc byte[4];
                BinaryPrimitives.WriteSingleBigEndian(four, f);
                output.Write(four);
                break;
            case ushort u16:
                WriteUnsigned(output, 5, u16);
                break;
            case uint u32:
                WriteUnsigned(output, 6, u32);
                break;
            case ulong u64:
                WriteUnsigned(output, 9, u64);
                break;
            case bool flag:
                WriteControl(output, 14, flag ? 1 : 0);
                break;
            case IDictionary<string, object> map:
                WriteControl(output, 7, map.Count);
                foreach (var (key, item) in map)
                {
                    Encode(output, key);
                    Encode(output, item);
                }
                break;
            case IList list:
                WriteControl(output, 11, list.Count);
                foreach (var item in list)
                {
                    Encode(output, item!);
                }
                break;
            default:
                throw new NotSupportedException($"the test writer does not encode {value.GetType().Name}");
        }
    }

    private static void WriteUnsigned(Stream output, int type, ulong value)
    {
        var length = (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 7) / 8;
        WriteControl(output, type, length);
        for (var i = length - 1; i >= 0; i--)
        {
            output.WriteByte((byte)(value >> (8 * i)));
        }
    }

    // Types above 7 are "extended": type bits 0 in the control byte, then a byte holding type - 7.
    private static void WriteControl(Stream output, int type, int size)
    {
        var typeBits = type <= 7 ? type << 5 : 0;
        Span<byte> extra = stackalloc byte[3];
        int sizeBits, extraLength;
        switch (size)
        {
            case < 29:
                (sizeBits, extraLength) = (size, 0);
                break;
            case < 285:
                (sizeBits, extraLength) = (29, 1);
                extra[0] = (byte)(size - 29);
                break;
            case < 65821:
                (sizeBits, extraLength) = (30, 2);
                BinaryPrimitives.WriteUInt16BigEndian(extra, (ushort)(size - 285));
                break;
            default:
                (sizeBits, extraLength) = (31, 3);
                var rest = size - 65821;
                extra[0] = (byte)(rest >> 16);
                extra[1] = (byte)(rest >> 8);
                extra[2] = (byte)rest;
                break;
        }
        output.WriteByte((byte)(typeBits | sizeBits));
        if (type > 7)
        {
            output.WriteByte((byte)(type - 7));
        }
        output.Write(extra[..extraLength]);
    }

    private sealed class Node
    {
        public object?[] Children { get; } = new object?[2];

        public int Index { get; set; }
    }
}
