using System.Text;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Reads Protocol Buffers wire format from a span: tags, varints (plain and zigzag), length-delimited fields and
/// skipping. Every length is checked against what is left, so a damaged file throws <see cref="InvalidDataException"/>
/// instead of reading past its end.
/// </summary>
internal ref struct ProtobufCursor(ReadOnlySpan<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>The next field's number and wire type.</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field is 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"bad protobuf field number {field} at byte {_position}");
        }
        return ((int)field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new InvalidDataException("protobuf varint runs past the end of the data");
            }
            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException($"protobuf varint longer than 10 bytes at byte {_position}");
    }

    public long ReadSignedVarint()
    {
        var raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int ReadCount()
    {
        var value = ReadVarint();
        return value <= int.MaxValue ? (int)value : throw new InvalidDataException($"protobuf count {value} is too large");
    }

    /// <summary>The bytes of a length-delimited field.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new InvalidDataException($"protobuf field of {length} bytes runs past the end of the data at byte {_position}");
        }
        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Advance(8);
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                Advance(4);
                break;
            default:
                throw new InvalidDataException($"unknown protobuf wire type {wireType} at byte {_position}");
        }
    }

    private void Advance(int count)
    {
        if (_data.Length - _position < count)
        {
            throw new InvalidDataException("protobuf field runs past the end of the data");
        }
        _position += count;
    }
}
