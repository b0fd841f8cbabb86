using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>
/// Kafka's produce-time checks on one magic-2 record batch (<c>LogValidator</c>, <c>ProduceRequest.validateRecords</c>):
/// lengths, magic, size limit, CRC-32C, offsets and counts, the fields only a broker may set, (uncompressed) the record
/// layout, and the topic's timestamp rules. The one path every log takes before it appends, so no two logs disagree.
/// </summary>
public static class RecordBatchValidator
{
    private const int MaxCompressionCodec = 4;

    /// <summary>
    /// Validates a produced batch for appending to a log with <paramref name="config"/>: <see cref="Validate(ReadOnlySpan{byte}, int)"/>
    /// with the topic's <c>max.message.bytes</c>, then its timestamp type and <c>message.timestamp.*.max.ms</c> bounds.
    /// </summary>
    public static BatchValidation Validate(ReadOnlySpan<byte> batch, LogConfig config, long nowMs, bool brokerControl = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        var validation = Validate(batch, config.MaxMessageBytes, brokerControl);
        if (!validation.IsValid || config.LogAppendTime)
        {
            return validation;
        }

        var header = validation.Header;
        if (header.IsLogAppendTime)
        {
            return Fail(ErrorCode.InvalidTimestamp, "a LogAppendTime batch was sent to a CreateTime topic", header);
        }

        if (OutOfRange(header.BaseTimestamp, nowMs, config) || OutOfRange(header.MaxTimestamp, nowMs, config))
        {
            return Fail(
                ErrorCode.InvalidTimestamp,
                "record timestamp is outside message.timestamp.before.max.ms / message.timestamp.after.max.ms of the broker's clock",
                header);
        }

        return validation;
    }

    /// <summary>Validates exactly one batch as a client sent it; the span must hold that batch and nothing else.</summary>
    public static BatchValidation Validate(ReadOnlySpan<byte> batch, int maxMessageBytes, bool brokerControl = false)
    {
        if (!RecordBatchHeader.TryRead(batch, out var header))
        {
            return Fail(ErrorCode.CorruptMessage, $"record batch of {batch.Length} bytes is shorter than the {RecordBatchHeader.Size}-byte header");
        }

        if (header.Magic is 0 or 1)
        {
            return Fail(ErrorCode.InvalidRecord, $"record batches must use magic 2, got magic {header.Magic}", header);
        }

        if (header.Magic != 2)
        {
            return Fail(ErrorCode.CorruptMessage, $"unknown record batch magic {header.Magic}", header);
        }

        if (header.BatchLength < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead)
        {
            return Fail(ErrorCode.CorruptMessage, $"batchLength {header.BatchLength} is smaller than the batch header", header);
        }

        if ((long)header.BatchLength + RecordBatchHeader.LogOverhead > batch.Length)
        {
            return Fail(ErrorCode.CorruptMessage, $"batchLength {header.BatchLength} runs past the {batch.Length} bytes received", header);
        }

        if (header.TotalSize < batch.Length)
        {
            return Fail(ErrorCode.InvalidRecord, "a produce request may carry exactly one record batch per partition", header);
        }

        if (header.TotalSize > maxMessageBytes)
        {
            return Fail(ErrorCode.MessageTooLarge, $"record batch of {header.TotalSize} bytes exceeds max.message.bytes {maxMessageBytes}", header);
        }

        var crc = Crc32C.Compute(batch[RecordBatchHeader.CrcStart..header.TotalSize]);
        if (crc != header.Crc)
        {
            return Fail(ErrorCode.CorruptMessage, $"record batch CRC-32C mismatch: stored 0x{header.Crc:X8}, computed 0x{crc:X8}", header);
        }

        if (header.BaseOffset != 0)
        {
            return Fail(ErrorCode.InvalidRecord, $"baseOffset of a produced batch must be 0, got {header.BaseOffset}", header);
        }

        if (header.RecordsCount <= 0 || (long)header.LastOffsetDelta + 1 != header.RecordsCount)
        {
            return Fail(ErrorCode.InvalidRecord, $"lastOffsetDelta {header.LastOffsetDelta} does not match recordsCount {header.RecordsCount}", header);
        }

        if (header.IsControl != brokerControl)
        {
            return Fail(ErrorCode.InvalidRecord, brokerControl ? "a transaction marker must be a control batch" : "clients may not write control batches", header);
        }

        if (header.ProducerId >= 0 && header.BaseSequence < 0 && !brokerControl)
        {
            return Fail(ErrorCode.InvalidRecord, $"producerId {header.ProducerId} comes with an invalid baseSequence {header.BaseSequence}", header);
        }

        if (header.Compression > MaxCompressionCodec)
        {
            return Fail(ErrorCode.UnsupportedCompressionType, $"unknown compression codec {header.Compression}", header);
        }

        if (header.Compression == 0 && MalformedRecords(batch, header) is { } malformed)
        {
            return Fail(ErrorCode.InvalidRecord, malformed, header);
        }

        return new BatchValidation(ErrorCode.None, null, header);
    }

    private static BatchValidation Fail(ErrorCode error, string message, RecordBatchHeader header = default) => new(error, message, header);

    private static bool OutOfRange(long timestamp, long nowMs, LogConfig config)
    {
        if (timestamp < 0)
        {
            return false;
        }

        var behind = nowMs - timestamp;
        return (behind > 0 && behind > config.TimestampBeforeMaxMs) || (behind < 0 && -behind > config.TimestampAfterMaxMs);
    }

    // The records of an uncompressed batch, read the way Kafka's DefaultRecord reader would: every length inside its
    // record, offset deltas 0, 1, 2…, and exactly recordsCount records filling the batch. Returns why not, or null.
    private static string? MalformedRecords(ReadOnlySpan<byte> batch, in RecordBatchHeader header)
    {
        var position = RecordBatchHeader.Size;
        var end = header.TotalSize;
        for (var i = 0; i < header.RecordsCount; i++)
        {
            if (!Varint.TryRead(batch, ref position, end, out var length) || length <= 0 || length > end - position)
            {
                return $"record {i} has an invalid length";
            }

            var recordEnd = position + (int)length;
            position++; // attributes
            if (!Varint.TryRead(batch, ref position, recordEnd, out _)
                || !Varint.TryRead(batch, ref position, recordEnd, out var offsetDelta))
            {
                return $"record {i} is truncated";
            }

            if (offsetDelta != i)
            {
                return $"record {i} has offset delta {offsetDelta}; expected {i}";
            }

            if (!SkipBytes(batch, ref position, recordEnd, nullable: true) || !SkipBytes(batch, ref position, recordEnd, nullable: true)
                || !Varint.TryRead(batch, ref position, recordEnd, out var headerCount) || headerCount < 0)
            {
                return $"record {i} has a malformed key, value or header count";
            }

            for (var h = 0; h < headerCount; h++)
            {
                if (!SkipBytes(batch, ref position, recordEnd, nullable: false) || !SkipBytes(batch, ref position, recordEnd, nullable: true))
                {
                    return $"record {i} has a malformed header";
                }
            }

            if (position != recordEnd)
            {
                return $"record {i} declares {length} bytes but its fields take {length - (recordEnd - position)}";
            }
        }

        return position == end ? null : $"{end - position} bytes follow the last of {header.RecordsCount} records";
    }

    private static bool SkipBytes(ReadOnlySpan<byte> data, ref int position, int end, bool nullable)
    {
        if (!Varint.TryRead(data, ref position, end, out var length))
        {
            return false;
        }

        if (length < 0)
        {
            return nullable && length == -1;
        }

        if (length > end - position)
        {
            return false;
        }

        position += (int)length;
        return true;
    }
}
