using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Reads <c>node_count</c> and <c>record_size</c> from an <c>.mmdb</c> file's metadata map (the MaxMind DB format's last
/// section, after its marker), which the reader library keeps to itself but a walk of the search tree needs.
/// </summary>
internal static class MmdbTreeShape
{
    private const int MetadataMaxSize = 128 * 1024;
    private static readonly byte[] Marker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    /// <summary>The tree's node count and record size in bits (24, 28 or 32); throws <see cref="GeoDatabaseException"/> otherwise.</summary>
    public static (long NodeCount, int RecordSize) Read(string path, SafeFileHandle file, long length)
    {
        var tail = new byte[(int)Math.Min(length, MetadataMaxSize)];
        if (RandomAccess.Read(file, tail, length - tail.Length) != tail.Length)
        {
            throw new GeoDatabaseException($"{path}: the file changed while its metadata was read");
        }
        var marker = tail.AsSpan().LastIndexOf(Marker);
        if (marker < 0)
        {
            throw new GeoDatabaseException($"{path}: no MaxMind DB metadata marker");
        }
        var reader = new MetadataReader(tail, marker + Marker.Length, path);
        long? nodeCount = null;
        int? recordSize = null;
        var (type, pairs) = reader.Control();
        if (type != 7)
        {
            throw new GeoDatabaseException($"{path}: the metadata is not a map");
        }
        for (var i = 0; i < pairs; i++)
        {
            var key = reader.String();
            switch (key)
            {
                case "node_count": nodeCount = (long)reader.Unsigned(); break;
                case "record_size": recordSize = (int)reader.Unsigned(); break;
                default: reader.Skip(); break;
            }
        }
        if (nodeCount is not { } nodes || recordSize is not (24 or 28 or 32))
        {
            throw new GeoDatabaseException($"{path}: the metadata lacks node_count or has a record_size other than 24, 28 or 32");
        }
        if (nodes * (recordSize.Value / 4) > length)
        {
            throw new GeoDatabaseException($"{path}: the search tree ({nodes} nodes) is longer than the file");
        }
        return (nodes, recordSize.Value);
    }

    private sealed class MetadataReader(byte[] bytes, int position, string path)
    {
        private int _position = position;

        public (int Type, int Size) Control()
        {
            var control = Next();
            var type = control >> 5;
            if (type == 0)
            {
                type = 7 + Next();
            }
            var size = control & 0x1F;
            size = size switch
            {
                29 => 29 + Next(),
                30 => 285 + (Next() << 8 | Next()),
                31 => 65_821 + (Next() << 16 | Next() << 8 | Next()),
                _ => size,
            };
            return (type, size);
        }

        public string String()
        {
            var (type, size) = Control();
            if (type != 2)
            {
                throw Bad("a metadata key is not a string");
            }
            return Encoding.UTF8.GetString(Take(size));
        }

        public ulong Unsigned()
        {
            var (type, size) = Control();
            if (type is not (5 or 6 or 9) || size > 8)
            {
                throw Bad("node_count or record_size is not an unsigned integer");
            }
            var value = 0UL;
            foreach (var b in Take(size))
            {
                value = value << 8 | b;
            }
            return value;
        }

        public void Skip()
        {
            var (type, size) = Control();
            switch (type)
            {
                case 7: for (var i = 0; i < size * 2; i++) { Skip(); } break;
                case 11: for (var i = 0; i < size; i++) { Skip(); } break;
                case 14: break;
                case 1: throw Bad("pointers in the metadata are not supported");
                default: Take(size); break;
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || _position + count > bytes.Length)
            {
                throw Bad("the metadata runs past the end of the file");
            }
            var span = bytes.AsSpan(_position, count);
            _position += count;
            return span;
        }

        private int Next() => Take(1)[0];

        private GeoDatabaseException Bad(string what) => new($"{path}: {what}");
    }
}
