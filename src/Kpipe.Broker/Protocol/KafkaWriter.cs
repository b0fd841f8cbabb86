using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace Kpipe.Broker.Protocol;

/// <summary>
/// Growable writer over a pooled buffer for Kafka primitives; frames are written by reserving the
/// 4-byte size, writing the message, and patching the size.
/// </summary>
public sealed class KafkaWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _position;

    /// <summary>Creates a writer renting an initial buffer of <paramref name="initialCapacity"/> bytes.</summary>
    public KafkaWriter(int initialCapacity = 4096) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>Bytes written so far.</summary>
    public int Length => _position;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>Forgets the written bytes, keeping the buffer; a very large buffer goes back to the pool.</summary>
    public void Clear()
    {
        _position = 0;
        if (_buffer.Length > 4 * 1024 * 1024)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(4096);
        }
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        Debug.Assert(count >= 0 && _position + count <= _buffer.Length);
        _position += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_position);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_position);
    }

    private Span<byte> Reserve(int count)
    {
        Ensure(count);
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _position >= count)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2L, (long)_position + count);
        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min(size, Array.MaxLength));
        _buffer.AsSpan(0, _position).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    /// <summary>Writes an int8.</summary>
    public void WriteInt8(sbyte value) => Reserve(1)[0] = (byte)value;

    /// <summary>Writes a boolean as 0 or 1.</summary>
    public void WriteBool(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes a big-endian int16.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);

    /// <summary>Writes a big-endian int32.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    /// <summary>Writes a big-endian int64.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    /// <summary>Writes a 16-byte big-endian UUID.</summary>
    public void WriteUuid(Guid value) => value.TryWriteBytes(Reserve(16), bigEndian: true, out _);

    /// <summary>Writes an unsigned LEB128 varint.</summary>
    public void WriteUnsignedVarInt(uint value)
    {
        while (value >= 0x80)
        {
            Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        Reserve(1)[0] = (byte)value;
    }

    /// <summary>Reserves an int32 to be filled in later with <see cref="PatchInt32"/>; returns its position.</summary>
    public int ReserveInt32()
    {
        var at = _position;
        Reserve(4);
        return at;
    }

    /// <summary>Overwrites the int32 at <paramref name="position"/>.</summary>
    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(position, 4), value);

    private void WriteLength(int length, bool compact, bool wide)
    {
        if (compact)
        {
            WriteUnsignedVarInt((uint)(length + 1));
        }
        else if (wide)
        {
            WriteInt32(length);
        }
        else
        {
            WriteInt16((short)length);
        }
    }

    /// <summary>Writes a nullable string (classic int16 or compact length).</summary>
    public void WriteNullableString(string? value, bool compact)
    {
        if (value is null)
        {
            WriteLength(-1, compact, wide: false);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        WriteLength(count, compact, wide: false);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    /// <summary>Writes a non-nullable string.</summary>
    public void WriteString(string value, bool compact) => WriteNullableString(value, compact);

    /// <summary>Writes nullable bytes or records (int32 or compact length); <paramref name="isNull"/> writes null.</summary>
    public void WriteNullableBytes(ReadOnlySpan<byte> value, bool compact, bool isNull = false)
    {
        if (isNull)
        {
            WriteLength(-1, compact, wide: true);
            return;
        }

        WriteLength(value.Length, compact, wide: true);
        value.CopyTo(Reserve(value.Length));
    }

    /// <summary>Writes an array count (int32 or compact); -1 = null.</summary>
    public void WriteArrayLength(int count, bool compact) => WriteLength(count, compact, wide: true);

    /// <summary>Writes an array of elements (compact when <paramref name="version"/> is flexible).</summary>
    public void WriteArray<T>(IReadOnlyList<T> items, MessageVersion version) where T : IWireWritable
    {
        WriteArrayLength(items.Count, version.Flexible);
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Write(this, version);
        }
    }

    /// <summary>Writes a "topics → partitions" array: per topic its name, its partition entries and an empty tagged-field section.</summary>
    public void WriteTopics<TPartition>(IReadOnlyList<TopicData<TPartition>> topics, MessageVersion version) where TPartition : IWireWritable
    {
        WriteArrayLength(topics.Count, version.Flexible);
        for (var i = 0; i < topics.Count; i++)
        {
            WriteString(topics[i].Name, version.Flexible);
            WriteArray(topics[i].Partitions, version);
            WriteEmptyTaggedFields(version.Flexible);
        }
    }

    /// <summary>Writes an array of non-nullable strings.</summary>
    public void WriteStringArray(IReadOnlyList<string> values, bool compact)
    {
        WriteArrayLength(values.Count, compact);
        for (var i = 0; i < values.Count; i++)
        {
            WriteString(values[i], compact);
        }
    }

    /// <summary>Writes an array of int32.</summary>
    public void WriteInt32Array(IReadOnlyList<int> values, bool compact)
    {
        WriteArrayLength(values.Count, compact);
        for (var i = 0; i < values.Count; i++)
        {
            WriteInt32(values[i]);
        }
    }

    /// <summary>Writes an empty tagged-field section when <paramref name="flexible"/>.</summary>
    public void WriteEmptyTaggedFields(bool flexible)
    {
        if (flexible)
        {
            WriteUnsignedVarInt(0);
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _position = 0;
    }
}
