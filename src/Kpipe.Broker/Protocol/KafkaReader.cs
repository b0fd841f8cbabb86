using System.Buffers.Binary;
using System.Text;

namespace Kpipe.Broker.Protocol;

/// <summary>
/// Bounds-checked reader over one request frame. A read past the end, or a length that does not fit
/// in what remains, sets a sticky <see cref="Failed"/> flag and yields defaults, so codecs read straight
/// through and the caller checks once at the end; nothing is allocated from an unvalidated length.
/// </summary>
public ref struct KafkaReader
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    /// <summary>Reads from <paramref name="memory"/>; byte and records fields are returned as slices of it.</summary>
    public KafkaReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
    }

    /// <summary>True once any read ran past the end or met an impossible length.</summary>
    public bool Failed { get; private set; }

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _span.Length - _position;

    /// <summary>Offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>Marks the input as malformed (for codec-level checks such as a negative non-nullable length).</summary>
    public void Fail() => Failed = true;

    private bool Take(int count, out int start)
    {
        start = _position;
        if (Failed || count < 0 || count > _span.Length - _position)
        {
            Failed = true;
            return false;
        }

        _position += count;
        return true;
    }

    /// <summary>Reads an int8.</summary>
    public sbyte ReadInt8() => Take(1, out var s) ? (sbyte)_span[s] : (sbyte)0;

    /// <summary>Reads a boolean (any non-zero byte is true).</summary>
    public bool ReadBool() => Take(1, out var s) && _span[s] != 0;

    /// <summary>Reads a big-endian int16.</summary>
    public short ReadInt16() => Take(2, out var s) ? BinaryPrimitives.ReadInt16BigEndian(_span[s..]) : (short)0;

    /// <summary>Reads a big-endian int32.</summary>
    public int ReadInt32() => Take(4, out var s) ? BinaryPrimitives.ReadInt32BigEndian(_span[s..]) : 0;

    /// <summary>Reads a big-endian int64.</summary>
    public long ReadInt64() => Take(8, out var s) ? BinaryPrimitives.ReadInt64BigEndian(_span[s..]) : 0;

    /// <summary>Reads a 16-byte big-endian UUID.</summary>
    public Guid ReadUuid() => Take(16, out var s) ? new Guid(_span.Slice(s, 16), bigEndian: true) : Guid.Empty;

    /// <summary>Reads an unsigned LEB128 varint of at most 5 bytes.</summary>
    public uint ReadUnsignedVarInt()
    {
        uint value = 0;
        for (var shift = 0; shift <= 28; shift += 7)
        {
            if (!Take(1, out var s))
            {
                return 0;
            }

            var b = _span[s];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        Failed = true;
        return 0;
    }

    /// <summary>Reads a length prefix: int16 (classic string), int32 (classic bytes/array) or uvarint N+1 (compact); -1 = null.</summary>
    private int ReadLength(bool compact, bool wide)
    {
        if (compact)
        {
            var n = ReadUnsignedVarInt();
            return n > int.MaxValue ? Invalid() : (int)n - 1;
        }

        return wide ? ReadInt32() : ReadInt16();
    }

    private int Invalid()
    {
        Failed = true;
        return 0;
    }

    /// <summary>Reads a nullable string in the classic (int16) or compact form.</summary>
    public string? ReadNullableString(bool compact)
    {
        var length = ReadLength(compact, wide: false);
        if (length < 0)
        {
            if (length < -1)
            {
                Failed = true;
            }

            return null;
        }

        return Take(length, out var s) ? Encoding.UTF8.GetString(_span.Slice(s, length)) : null;
    }

    /// <summary>Reads a non-nullable string; a null on the wire marks the input malformed.</summary>
    public string ReadString(bool compact)
    {
        var value = ReadNullableString(compact);
        if (value is null)
        {
            Failed = true;
            return string.Empty;
        }

        return value;
    }

    /// <summary>Reads nullable bytes (int32 or compact length) as a slice of the frame; null yields false.</summary>
    public bool ReadNullableBytes(bool compact, out ReadOnlyMemory<byte> bytes)
    {
        bytes = ReadOnlyMemory<byte>.Empty;
        var length = ReadLength(compact, wide: true);
        if (length < 0)
        {
            if (length < -1)
            {
                Failed = true;
            }

            return false;
        }

        if (!Take(length, out var s))
        {
            return false;
        }

        bytes = _memory.Slice(s, length);
        return true;
    }

    /// <summary>
    /// Reads an array element count (int32 or compact); -1 = null. A count larger than the bytes left
    /// cannot be honest (every element takes at least one byte) and marks the input malformed.
    /// </summary>
    public int ReadArrayLength(bool compact)
    {
        var count = ReadLength(compact, wide: true);
        if (count < -1 || count > Remaining)
        {
            Failed = true;
            return 0;
        }

        return count;
    }

    /// <summary>Reads a non-nullable array count; null marks the input malformed.</summary>
    public int ReadArrayCount(bool compact)
    {
        var count = ReadArrayLength(compact);
        if (count < 0)
        {
            Failed = true;
            return 0;
        }

        return count;
    }

    /// <summary>Reads a non-nullable array of elements (compact when <paramref name="version"/> is flexible).</summary>
    public T[] ReadArray<T>(MessageVersion version) where T : IWireReadable<T>
    {
        var count = ReadArrayCount(version.Flexible);
        var items = new ArrayBuilder<T>(count);
        for (var i = 0; i < count && !Failed; i++)
        {
            items.Add(T.Read(ref this, version));
        }

        return items.ToArray();
    }

    /// <summary>Reads a "topics → partitions" array: per topic its name, its partition entries and its tagged fields.</summary>
    public TopicData<TPartition>[] ReadTopics<TPartition>(MessageVersion version) where TPartition : IWireReadable<TPartition>
    {
        var count = ReadArrayCount(version.Flexible);
        var topics = new ArrayBuilder<TopicData<TPartition>>(count);
        for (var i = 0; i < count && !Failed; i++)
        {
            var name = ReadString(version.Flexible);
            topics.Add(new TopicData<TPartition>(name, ReadArray<TPartition>(version)));
            SkipTaggedFields(version.Flexible);
        }

        return topics.ToArray();
    }

    /// <summary>Reads a non-nullable array of non-nullable strings.</summary>
    public string[] ReadStringArray(bool compact)
    {
        var count = ReadArrayCount(compact);
        var values = new ArrayBuilder<string>(count);
        for (var i = 0; i < count && !Failed; i++)
        {
            values.Add(ReadString(compact));
        }

        return values.ToArray();
    }

    /// <summary>Reads an array of int32; null yields an empty array.</summary>
    public int[] ReadInt32Array(bool compact)
    {
        var count = ReadArrayLength(compact);
        if (count <= 0 || count * 4L > Remaining)
        {
            if (count > 0)
            {
                Failed = true;
            }

            return [];
        }

        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadInt32();
        }

        return values;
    }

    /// <summary>Skips a tagged-field section (every tag is unknown to this broker or optional); no-op when not flexible.</summary>
    public void SkipTaggedFields(bool flexible)
    {
        if (!flexible)
        {
            return;
        }

        var count = ReadUnsignedVarInt();
        for (var i = 0u; i < count && !Failed; i++)
        {
            ReadUnsignedVarInt();
            var size = ReadUnsignedVarInt();
            if (size > int.MaxValue || !Take((int)size, out _))
            {
                Failed = true;
            }
        }
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    public void Skip(int count) => Take(count, out _);
}
