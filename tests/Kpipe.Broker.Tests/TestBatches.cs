using System.Buffers.Binary;
using System.Text;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Tests;

/// <summary>
/// Writes and reads real magic-2 record batches (uncompressed records with zig-zag varints, CRC-32C) for broker tests,
/// as a producer would send them; options cover every header field a test may need to get wrong on purpose.
/// </summary>
public static class TestBatches
{
    /// <summary>Builds one batch from records; <paramref name="options"/> can set header fields wrong on purpose (the CRC is computed last).</summary>
    public static byte[] Create(IReadOnlyList<TestRecord> records, BatchOptions? options = null)
    {
        options ??= new BatchOptions();
        var body = new List<byte>();
        var baseTimestamp = records.Count > 0 ? records[0].Timestamp : 0;
        var maxTimestamp = records.Count > 0 ? records.Max(r => r.Timestamp) : -1;
        for (var i = 0; i < records.Count; i++)
        {
            body.AddRange(EncodeRecord(records[i], i + options.FirstOffsetDelta, baseTimestamp));
        }

        body.AddRange(options.TrailingBytes ?? []);

        var bytes = new byte[RecordBatchHeader.Size + body.Count];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, options.BaseOffset);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], bytes.Length - 12 + options.BatchLengthAdjustment);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], options.PartitionLeaderEpoch);
        span[16] = (byte)options.Magic;
        BinaryPrimitives.WriteInt16BigEndian(span[21..], options.Attributes);
        BinaryPrimitives.WriteInt32BigEndian(span[23..], options.LastOffsetDelta ?? records.Count - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[27..], baseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[35..], options.MaxTimestamp ?? maxTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[43..], options.ProducerId);
        BinaryPrimitives.WriteInt16BigEndian(span[51..], options.ProducerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[53..], options.BaseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[57..], options.RecordsCount ?? records.Count);
        body.CopyTo(bytes, RecordBatchHeader.Size);
        BinaryPrimitives.WriteUInt32BigEndian(span[17..], Crc32C.Compute(span[21..]) ^ (options.CorruptCrc ? 1u : 0u));
        return bytes;
    }

    /// <summary>A batch of <paramref name="count"/> records with values of <paramref name="valueSize"/> bytes.</summary>
    public static byte[] OfSize(int count, int valueSize, long timestamp = 1_700_000_000_000, BatchOptions? options = null)
    {
        var records = new TestRecord[count];
        for (var i = 0; i < count; i++)
        {
            var value = new byte[valueSize];
            value.AsSpan().Fill((byte)('a' + (i % 26)));
            records[i] = new TestRecord(Encoding.UTF8.GetBytes($"k{i}"), value, timestamp + i);
        }

        return Create(records, options);
    }

    /// <summary>A batch of records with UTF-8 string values.</summary>
    public static byte[] OfValues(params string[] values) =>
        Create([.. values.Select((v, i) => TestRecord.Of($"k{i}", v, 1_700_000_000_000 + i))]);

    /// <summary>Decodes every record of every uncompressed batch in <paramref name="records"/> (a fetch's records blob).</summary>
    public static IReadOnlyList<DecodedRecord> Decode(ReadOnlySpan<byte> records)
    {
        var result = new List<DecodedRecord>();
        while (RecordBatchHeader.TryRead(records, out var header) && records.Length >= header.TotalSize)
        {
            var batch = records[..header.TotalSize];
            var position = RecordBatchHeader.Size;
            for (var i = 0; i < header.RecordsCount; i++)
            {
                var length = (int)ReadVarLong(batch, ref position);
                var end = position + length;
                position++; // attributes
                var timestampDelta = ReadVarLong(batch, ref position);
                var offsetDelta = ReadVarLong(batch, ref position);
                var key = ReadBytes(batch, ref position);
                var value = ReadBytes(batch, ref position);
                var headerCount = (int)ReadVarLong(batch, ref position);
                var headers = new List<KeyValuePair<string, byte[]?>>();
                for (var h = 0; h < headerCount; h++)
                {
                    var headerKey = Encoding.UTF8.GetString(ReadBytes(batch, ref position)!);
                    headers.Add(new(headerKey, ReadBytes(batch, ref position)));
                }

                var timestamp = header.IsLogAppendTime ? header.MaxTimestamp : header.BaseTimestamp + timestampDelta;
                result.Add(new DecodedRecord(header.BaseOffset + offsetDelta, timestamp, key, value, headers));
                position = end;
            }

            records = records[header.TotalSize..];
        }

        return result;
    }

    /// <summary>Headers of each whole batch in a records blob.</summary>
    public static IReadOnlyList<RecordBatchHeader> Headers(ReadOnlySpan<byte> records)
    {
        var result = new List<RecordBatchHeader>();
        while (RecordBatchHeader.TryRead(records, out var header) && records.Length >= header.TotalSize)
        {
            result.Add(header);
            records = records[header.TotalSize..];
        }

        return result;
    }

    private static List<byte> EncodeRecord(TestRecord record, int offsetDelta, long baseTimestamp)
    {
        var body = new List<byte> { 0 };
        WriteVarLong(body, record.Timestamp - baseTimestamp);
        WriteVarLong(body, offsetDelta);
        WriteBytes(body, record.Key);
        WriteBytes(body, record.Value);
        var headers = record.Headers ?? [];
        WriteVarLong(body, headers.Count);
        foreach (var (key, value) in headers)
        {
            WriteBytes(body, Encoding.UTF8.GetBytes(key));
            WriteBytes(body, value);
        }

        var encoded = new List<byte>();
        WriteVarLong(encoded, body.Count);
        encoded.AddRange(body);
        return encoded;
    }

    private static void WriteBytes(List<byte> output, byte[]? data)
    {
        WriteVarLong(output, data?.Length ?? -1);
        if (data is not null)
        {
            output.AddRange(data);
        }
    }

    private static void WriteVarLong(List<byte> output, long value)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        while (zigzag >= 0x80)
        {
            output.Add((byte)(zigzag | 0x80));
            zigzag >>= 7;
        }

        output.Add((byte)zigzag);
    }

    private static byte[]? ReadBytes(ReadOnlySpan<byte> data, ref int position)
    {
        var length = (int)ReadVarLong(data, ref position);
        if (length < 0)
        {
            return null;
        }

        var bytes = data.Slice(position, length).ToArray();
        position += length;
        return bytes;
    }

    private static long ReadVarLong(ReadOnlySpan<byte> data, ref int position)
    {
        ulong raw = 0;
        var shift = 0;
        byte b;
        do
        {
            b = data[position++];
            raw |= (ulong)(b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }
}
