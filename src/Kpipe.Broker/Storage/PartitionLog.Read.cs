using System.Buffers;
using System.Buffers.Binary;
using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Storage;

/// <summary>The read path: reads and offset lookups over an immutable snapshot of the segments, retried if a segment goes away.</summary>
internal sealed partial class PartitionLog
{
    private const int MaxReadAttempts = 3;

    private readonly HashSet<(long Segment, long Position)> _reportedCorruptions = [];

    /// <inheritdoc />
    public ReadResult Read(long offset, int maxBytes, bool minOneBatch)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (Volatile.Read(ref _disposed))
            {
                return new ReadResult(ErrorCode.UnknownTopicOrPartition, ReadOnlyMemory<byte>.Empty);
            }

            try
            {
                return TryRead(offset, maxBytes, minOneBatch);
            }
            catch (ObjectDisposedException) when (attempt < MaxReadAttempts || Volatile.Read(ref _disposed))
            {
                // Retention or DeleteRecords removed a segment under this read (the next snapshot no longer has it),
                // or the log was closed (answered above).
            }
        }
    }

    /// <inheritdoc />
    public OffsetLookup LookupOffset(long timestamp)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (Volatile.Read(ref _disposed))
            {
                return new OffsetLookup(ErrorCode.UnknownTopicOrPartition, -1, -1);
            }

            try
            {
                return TryLookupOffset(timestamp);
            }
            catch (ObjectDisposedException) when (attempt < MaxReadAttempts || Volatile.Read(ref _disposed))
            {
                // As in Read: a segment went away under the lookup.
            }
        }
    }

    private OffsetLookup TryLookupOffset(long timestamp)
    {
        if (ListOffsetsTimestamp.AnswerWithoutSearch(timestamp, LogStartOffset, LogEndOffset) is { } answered)
        {
            return answered;
        }

        if (timestamp == ListOffsetsTimestamp.MaxTimestamp)
        {
            return MaxTimestampLookup();
        }

        var logStart = LogStartOffset;
        foreach (var segment in Volatile.Read(ref _segments))
        {
            if (segment.MaxTimestamp < timestamp)
            {
                continue;
            }

            var size = segment.Size;
            var from = Math.Max(segment.TimeIndex.OffsetBefore(timestamp), Math.Max(logStart, segment.BaseOffset));
            var position = segment.FindPosition(from, size, out var header);
            using var scanner = new BatchScanner(segment.Log, size, 8 * 1024);
            while (position >= 0 && scanner.Next(position, verifyCrc: false, out header) == ScanStatus.Batch)
            {
                if (header.MaxTimestamp >= timestamp)
                {
                    var bytes = scanner.ReadBatch(position, header.TotalSize);
                    if (RecordTimestamps.FirstAtOrAfter(bytes, header, timestamp) is { } found)
                    {
                        return new OffsetLookup(ErrorCode.None, Math.Max(found.Offset, logStart), found.Timestamp);
                    }
                }

                position += header.TotalSize;
            }
        }

        return new OffsetLookup(ErrorCode.None, -1, -1);
    }

    private ReadResult TryRead(long offset, int maxBytes, bool minOneBatch)
    {
        var logEnd = LogEndOffset;
        var segments = Volatile.Read(ref _segments);
        if (offset < LogStartOffset || offset > logEnd)
        {
            return new ReadResult(ErrorCode.OffsetOutOfRange, ReadOnlyMemory<byte>.Empty);
        }

        if (offset == logEnd)
        {
            return new ReadResult(ErrorCode.None, ReadOnlyMemory<byte>.Empty);
        }

        for (var i = FloorSegment(segments, offset); i < segments.Length; i++)
        {
            var segment = segments[i];
            var size = segment.Size;
            var position = segment.FindPosition(offset, size, out var header);
            if (position >= 0)
            {
                return ReadBatches(segment, position, size, header.TotalSize, maxBytes, minOneBatch, logEnd);
            }
        }

        return new ReadResult(ErrorCode.None, ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>
    /// Reads whole batches from <paramref name="position"/> into a pooled array and checks each one's CRC-32C before
    /// serving it, unless the segment already vouches for it (written or checked by this process): the bytes of a
    /// flushed segment are not re-read at startup, so this is where damage there is caught. The batches before a
    /// corrupt one are served; a corrupt first batch answers CORRUPT_MESSAGE, as Kafka does for a record that fails
    /// its check, and is logged once.
    /// </summary>
    private ReadResult ReadBatches(LogSegment segment, long position, long size, int firstBatchSize, int maxBytes, bool minOneBatch, long logEnd)
    {
        int length;
        if (firstBatchSize > maxBytes)
        {
            if (!minOneBatch)
            {
                return new ReadResult(ErrorCode.None, ReadOnlyMemory<byte>.Empty);
            }

            length = firstBatchSize;
        }
        else
        {
            length = (int)Math.Min(maxBytes, size - position);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var read = segment.Log.Read(buffer.AsSpan(0, length), position);
            var whole = CheckedBatches(segment, position, buffer.AsSpan(0, read), logEnd, out var corrupt);
            if (whole == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return new ReadResult(corrupt ? ErrorCode.CorruptMessage : ErrorCode.None, ReadOnlyMemory<byte>.Empty);
            }

            return new ReadResult(ErrorCode.None, buffer.AsMemory(0, whole), buffer);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// The length of the whole, sound batches at the start of <paramref name="bytes"/> (read from
    /// <paramref name="position"/>) below <paramref name="logEnd"/>; <paramref name="corrupt"/> when a batch failing its
    /// checks ended them.
    /// </summary>
    private int CheckedBatches(LogSegment segment, long position, ReadOnlySpan<byte> bytes, long logEnd, out bool corrupt)
    {
        corrupt = false;
        var verified = segment.VerifiedSize;
        var whole = 0;
        var expectedBase = 0L;
        while (whole + RecordBatchHeader.LogOverhead <= bytes.Length)
        {
            var batchSize = BinaryPrimitives.ReadInt32BigEndian(bytes[(whole + RecordBatchHeader.BatchLengthPosition)..]) + RecordBatchHeader.LogOverhead;
            if (batchSize <= RecordBatchHeader.LogOverhead || whole + batchSize > bytes.Length)
            {
                break;
            }

            var start = position + whole;
            var baseOffset = BinaryPrimitives.ReadInt64BigEndian(bytes[whole..]);
            // A batch written but not yet published as the log end (an append in progress) waits for the next read:
            // serving it would send the client to an offset past the high watermark it was told.
            if (whole > 0 && baseOffset == expectedBase && baseOffset >= logEnd)
            {
                break;
            }

            if (batchSize < RecordBatchHeader.Size
                || (whole > 0 && baseOffset != expectedBase)
                || (start + batchSize > verified && !CrcMatches(bytes.Slice(whole, batchSize))))
            {
                ReportCorruptBatch(segment, start, baseOffset);
                corrupt = true;
                return whole;
            }

            if (start <= verified && start + batchSize > verified)
            {
                verified = segment.AdvanceVerified(verified, start + batchSize);
            }

            // The CRC does not cover the base offset: batches must follow each other, as every append made them.
            expectedBase = baseOffset + BinaryPrimitives.ReadInt32BigEndian(bytes[(whole + RecordBatchHeader.LastOffsetDeltaPosition)..]) + 1;
            whole += batchSize;
        }

        return whole;
    }

    private static bool CrcMatches(ReadOnlySpan<byte> batch) =>
        Crc32C.Compute(batch[RecordBatchHeader.CrcStart..]) == BinaryPrimitives.ReadUInt32BigEndian(batch[RecordBatchHeader.CrcPosition..]);

    private void ReportCorruptBatch(LogSegment segment, long position, long baseOffset)
    {
        lock (_reportedCorruptions)
        {
            if (!_reportedCorruptions.Add((segment.BaseOffset, position)))
            {
                return;
            }
        }

        // The next start verifies this segment (even after a clean shutdown) and cuts the log at the bad batch.
        long damagedFrom;
        do
        {
            damagedFrom = Volatile.Read(ref _damagedFrom);
        }
        while (segment.BaseOffset < damagedFrom && Interlocked.CompareExchange(ref _damagedFrom, segment.BaseOffset, damagedFrom) != damagedFrom);

        LogCorruptBatchRefused(Name, LogSegment.FileName(segment.BaseOffset, ".log"), position, baseOffset);
    }

    private OffsetLookup MaxTimestampLookup()
    {
        LogSegment? best = null;
        foreach (var segment in Volatile.Read(ref _segments))
        {
            if (segment.MaxTimestamp >= 0 && (best is null || segment.MaxTimestamp > best.MaxTimestamp))
            {
                best = segment;
            }
        }

        if (best is null)
        {
            return new OffsetLookup(ErrorCode.None, -1, -1);
        }

        var size = best.Size;
        var position = best.FindPosition(best.MaxTimestampOffset, size, out var header);
        if (position < 0)
        {
            return new OffsetLookup(ErrorCode.None, -1, -1);
        }

        var bytes = new byte[header.TotalSize];
        best.Log.Read(bytes, position);
        return new OffsetLookup(ErrorCode.None, RecordTimestamps.OffsetOfMaxTimestamp(bytes, header), header.MaxTimestamp);
    }

    private static int FloorSegment(LogSegment[] segments, long offset)
    {
        int low = 0, high = segments.Length - 1, result = 0;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (segments[mid].BaseOffset <= offset)
            {
                result = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Refusing to serve {Partition}: the batch at byte {Position} of {File} (offset {BaseOffset}) fails its CRC-32C or offset check; "
            + "fetches from it answer CORRUPT_MESSAGE until a restart, which verifies the segment and truncates the log there")]
    private partial void LogCorruptBatchRefused(string partition, string file, long position, long baseOffset);
}
