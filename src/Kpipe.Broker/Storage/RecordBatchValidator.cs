using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>
/// Kafka's produce-time checks on one magic-2 record batch (<c>LogValidator</c>, <c>ProduceRequest.validateRecords</c>):
/// lengths, magic, size limit, CRC-32C, offsets and counts, the fields only a broker may set, and (uncompressed) the record layout.
/// </summary>
public static class RecordBatchValidator
{
    private const int MaxCompressionCodec = 4;

    /// <summary>Validates exactly one batch as a client sent it; the span must hold that batch and nothing else.</summary>
    public static BatchValidation Validate(ReadOnlySpan<byte> batch, int maxMessageBytes)
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

        if (header.IsControl)
        {
            return Fail(ErrorCode.InvalidRecord, "clients may not write control batches", header);
        }

        if (header.ProducerId >= 0 && header.BaseSequence < 0)
        {
            return Fail(ErrorCode.InvalidRecord, $"producerId {header.ProducerId} comes with an invalid baseSequence {header.BaseSequence}", header);
        }

        if (header.Compression > MaxCompressionCodec)
        {
            return Fail(ErrorCode.UnsupportedCompressionType, $"unknown compression codec {header.Compression}", header);
        }

        if (header.Compression == 0 && RecordsLayout.Check(batch, header) is { } malformed)
        {
            return Fail(ErrorCode.InvalidRecord, malformed, header);
        }

        return new BatchValidation(ErrorCode.None, null, header);
    }

    private static BatchValidation Fail(ErrorCode error, string message, RecordBatchHeader header = default) => new(error, message, header);
}
