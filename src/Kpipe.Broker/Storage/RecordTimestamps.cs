namespace Kpipe.Broker.Storage;

/// <summary>
/// Finds records by timestamp inside one stored batch. Uncompressed batches are walked record by record;
/// compressed ones are answered at batch granularity because the broker never decompresses.
/// </summary>
internal static class RecordTimestamps
{
    /// <summary>The first record with timestamp ≥ <paramref name="target"/>, or null when the batch has none.</summary>
    public static (long Offset, long Timestamp)? FirstAtOrAfter(ReadOnlySpan<byte> batch, in RecordBatchHeader header, long target)
    {
        if (header.MaxTimestamp < target)
        {
            return null;
        }

        if (header.IsLogAppendTime)
        {
            return (header.BaseOffset, header.MaxTimestamp);
        }

        if (header.Compression != 0)
        {
            return header.BaseTimestamp >= target ? (header.BaseOffset, header.BaseTimestamp) : (header.BaseOffset, header.MaxTimestamp);
        }

        (long, long)? found = null;
        Walk(batch, header, (offset, timestamp) =>
        {
            if (timestamp >= target)
            {
                found = (offset, timestamp);
                return false;
            }

            return true;
        });
        return found ?? (header.LastOffset, header.MaxTimestamp);
    }

    /// <summary>The offset of the first record carrying the batch's max timestamp.</summary>
    public static long OffsetOfMaxTimestamp(ReadOnlySpan<byte> batch, in RecordBatchHeader header)
    {
        if (header.IsLogAppendTime)
        {
            return header.BaseOffset;
        }

        if (header.Compression != 0)
        {
            return header.LastOffset;
        }

        var max = header.MaxTimestamp;
        long result = header.LastOffset;
        Walk(batch, header, (offset, timestamp) =>
        {
            if (timestamp == max)
            {
                result = offset;
                return false;
            }

            return true;
        });
        return result;
    }

    private delegate bool RecordVisitor(long offset, long timestamp);

    private static void Walk(ReadOnlySpan<byte> batch, in RecordBatchHeader header, RecordVisitor visit)
    {
        var position = RecordBatchHeader.Size;
        var end = Math.Min(batch.Length, header.TotalSize);
        for (var i = 0; i < header.RecordsCount && position < end; i++)
        {
            if (!Varint.TryRead(batch, ref position, end, out var length) || length < 0 || position + length > end)
            {
                return;
            }

            var recordEnd = position + (int)length;
            position++; // record attributes
            if (!Varint.TryRead(batch, ref position, recordEnd, out var timestampDelta)
                || !Varint.TryRead(batch, ref position, recordEnd, out var offsetDelta))
            {
                return;
            }

            if (!visit(header.BaseOffset + offsetDelta, header.BaseTimestamp + timestampDelta))
            {
                return;
            }

            position = recordEnd;
        }
    }
}
