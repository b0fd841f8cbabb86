namespace Kpipe.Broker.Storage;

/// <summary>
/// Checks the records of an uncompressed batch the way Kafka's <c>DefaultRecord</c> reader would: every length inside
/// its record, offset deltas 0, 1, 2…, and exactly <c>recordsCount</c> records filling the batch.
/// </summary>
internal static class RecordsLayout
{
    /// <summary>Returns why the records are malformed, or null when they are well formed.</summary>
    public static string? Check(ReadOnlySpan<byte> batch, in RecordBatchHeader header)
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
