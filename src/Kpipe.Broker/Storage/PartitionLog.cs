using System.Buffers;
using System.Buffers.Binary;
using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Storage;

/// <summary>
/// One partition's log on disk, laid out as Kafka's: append-only segments with sparse offset and time indexes.
/// Appends, rolls, retention and DeleteRecords are serialized by one lock; reads take an immutable snapshot of the
/// segment list and the published sizes and never lock.
/// </summary>
internal sealed partial class PartitionLog : IPartitionLog
{
    private const int MaxReadAttempts = 3;

    private readonly Lock _appendLock = new();
    private readonly Lock _flushLock = new();
    private readonly AppendSignal _appended = new();
    private readonly PartitionLogSettings _settings;
    private readonly LogConfig _config;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private LogSegment[] _segments;
    private long _logStartOffset;
    private long _logEndOffset;
    private long _recoveryPoint;
    private bool _disposed;

    private PartitionLog(PartitionLogSettings settings, LogSegment[] segments, long logStartOffset, long recoveryPoint, RecoverySummary recovery)
    {
        _settings = settings;
        _config = settings.Config;
        _time = settings.Time;
        _logger = settings.Logger;
        _segments = segments;
        _logStartOffset = logStartOffset;
        _logEndOffset = segments[^1].NextOffset;
        _recoveryPoint = recoveryPoint;
        Recovery = recovery;
    }

    /// <summary>The partition's name, <c>topic-partition</c>.</summary>
    public string Name => _settings.Name;

    /// <summary>What recovery found when the log was opened.</summary>
    public RecoverySummary Recovery { get; }

    /// <summary>Offset below which every byte has been flushed to disk.</summary>
    public long RecoveryPoint => Volatile.Read(ref _recoveryPoint);

    /// <summary>Number of segments currently held.</summary>
    public int SegmentCount => Volatile.Read(ref _segments).Length;

    /// <inheritdoc />
    public long LogStartOffset => Volatile.Read(ref _logStartOffset);

    /// <inheritdoc />
    public long LogEndOffset => Volatile.Read(ref _logEndOffset);

    /// <inheritdoc />
    public long SizeInBytes
    {
        get
        {
            long total = 0;
            foreach (var segment in Volatile.Read(ref _segments))
            {
                total += segment.Size;
            }

            return total;
        }
    }

    /// <inheritdoc />
    public AppendResult Append(ReadOnlySpan<byte> batch)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var validation = RecordBatchValidator.Validate(batch, _config, now);
        if (!validation.IsValid)
        {
            return new AppendResult(validation.Error, -1, -1, validation.Message);
        }

        var header = validation.Header;

        var appendTime = _config.LogAppendTime ? now : -1;
        var buffer = ArrayPool<byte>.Shared.Rent(batch.Length);
        try
        {
            var stamped = buffer.AsSpan(0, batch.Length);
            batch.CopyTo(stamped);
            lock (_appendLock)
            {
                if (_disposed)
                {
                    return new AppendResult(ErrorCode.UnknownTopicOrPartition, -1, -1, $"partition {Name} is closed");
                }

                var baseOffset = _logEndOffset;
                RecordBatchHeader.StampForAppend(stamped, baseOffset, appendTime);
                var storedHeader = header with { BaseOffset = baseOffset, MaxTimestamp = appendTime >= 0 ? appendTime : header.MaxTimestamp };
                var active = RollIfNeeded(batch.Length, now);
                try
                {
                    active.Append(stamped, storedHeader, _config.IndexIntervalBytes, now, flush: _settings.Fsync == FsyncPolicy.Always);
                }
                catch (IOException e)
                {
                    LogAppendFailed(Name, e.Message);
                    return new AppendResult(ErrorCode.UnknownServerError, -1, -1, $"could not write to partition {Name}: {e.Message}");
                }

                Volatile.Write(ref _logEndOffset, storedHeader.LastOffset + 1);
            }

            _appended.Pulse();
            return new AppendResult(ErrorCode.None, BinaryPrimitives.ReadInt64BigEndian(stamped), appendTime);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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
        switch (timestamp)
        {
            case ListOffsetsTimestamp.Latest:
                return new OffsetLookup(ErrorCode.None, LogEndOffset, -1);
            case ListOffsetsTimestamp.Earliest:
                return new OffsetLookup(ErrorCode.None, LogStartOffset, -1);
            case ListOffsetsTimestamp.MaxTimestamp:
                return MaxTimestampLookup();
            case < 0:
                return new OffsetLookup(ErrorCode.InvalidRequest, -1, -1);
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

    /// <inheritdoc />
    public ErrorCode DeleteRecordsBefore(long offset, out long newLogStartOffset)
    {
        bool moved;
        lock (_appendLock)
        {
            var target = offset == -1 ? _logEndOffset : offset;
            if (target < 0 || target > _logEndOffset)
            {
                newLogStartOffset = _logStartOffset;
                return ErrorCode.OffsetOutOfRange;
            }

            moved = target > _logStartOffset;
            if (moved)
            {
                Volatile.Write(ref _logStartOffset, target);
                var segments = _segments;
                var drop = 0;
                while (drop < segments.Length - 1 && segments[drop + 1].BaseOffset <= target)
                {
                    drop++;
                }

                DropOldestSegments(drop);
            }

            newLogStartOffset = _logStartOffset;
        }

        if (moved)
        {
            _settings.LogStartChanged?.Invoke(this);
        }

        return ErrorCode.None;
    }

    /// <inheritdoc />
    public Task WaitForAppendAsync(long offset, CancellationToken cancellationToken) =>
        _appended.WaitUntilAsync(() => LogEndOffset > offset || Volatile.Read(ref _disposed), cancellationToken);

    /// <inheritdoc />
    public void Flush()
    {
        lock (_flushLock)
        {
            var logEnd = LogEndOffset;
            foreach (var segment in Volatile.Read(ref _segments))
            {
                if (segment.HasUnflushedData)
                {
                    segment.Flush();
                }
            }

            Volatile.Write(ref _recoveryPoint, Math.Max(Volatile.Read(ref _recoveryPoint), logEnd));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_appendLock)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
        }

        try
        {
            Flush();
        }
        finally
        {
            foreach (var segment in _segments)
            {
                segment.Dispose();
            }

            _appended.Pulse();
        }
    }

    /// <summary>Closes the log and removes its directory (topic deletion).</summary>
    public void DeleteFiles()
    {
        Dispose();
        if (Directory.Exists(_settings.Directory))
        {
            Directory.Delete(_settings.Directory, recursive: true);
        }
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
                return new ReadResult(ErrorCode.None, ReadBatches(segment, position, size, header.TotalSize, maxBytes, minOneBatch));
            }
        }

        return new ReadResult(ErrorCode.None, ReadOnlyMemory<byte>.Empty);
    }

    private static ReadOnlyMemory<byte> ReadBatches(LogSegment segment, long position, long size, int firstBatchSize, int maxBytes, bool minOneBatch)
    {
        int length;
        if (firstBatchSize > maxBytes)
        {
            if (!minOneBatch)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            length = firstBatchSize;
        }
        else
        {
            length = (int)Math.Min(maxBytes, size - position);
        }

        var buffer = new byte[length];
        var read = segment.Log.Read(buffer, position);
        var whole = 0;
        while (whole + RecordBatchHeader.LogOverhead <= read)
        {
            var batchSize = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(whole + RecordBatchHeader.BatchLengthPosition)) + RecordBatchHeader.LogOverhead;
            if (batchSize <= RecordBatchHeader.LogOverhead || whole + batchSize > read)
            {
                break;
            }

            whole += batchSize;
        }

        return buffer.AsMemory(0, whole);
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

    private LogSegment RollIfNeeded(int batchSize, long now)
    {
        var active = _segments[^1];
        var full = active.Size + batchSize > _config.SegmentBytes;
        var old = now - active.CreatedMs >= _config.SegmentMs;
        var offsetsExhausted = _logEndOffset - active.BaseOffset > int.MaxValue - 1_000_000L;
        if (active.Size == 0 || !(full || old || offsetsExhausted))
        {
            return active;
        }

        return Roll(now);
    }

    private LogSegment Roll(long now)
    {
        var segment = LogSegment.Open(_settings.Directory, _logEndOffset, _settings.Files, now, out _);
        Volatile.Write(ref _segments, [.. _segments, segment]);
        LogRolled(Name, segment.BaseOffset);
        return segment;
    }

    private void DropOldestSegments(int count)
    {
        if (count <= 0)
        {
            return;
        }

        var segments = _segments;
        Volatile.Write(ref _segments, segments[count..]);
        for (var i = 0; i < count; i++)
        {
            segments[i].Delete();
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Append to {Partition} failed: {Reason}")]
    private partial void LogAppendFailed(string partition, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rolled {Partition} to a new segment at offset {BaseOffset}")]
    private partial void LogRolled(string partition, long baseOffset);
}
