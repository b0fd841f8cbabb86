using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Storage;

/// <summary>Moving the log start: retention (whole old segments by <c>retention.ms</c> and <c>retention.bytes</c>, rolling by age) and DeleteRecords.</summary>
internal sealed partial class PartitionLog
{
    /// <summary>
    /// Deletes the oldest segments whose newest record is older than <c>retention.ms</c>, then the oldest while the partition
    /// exceeds <c>retention.bytes</c>, and advances the log start past them. Also rolls an active segment older than
    /// <c>segment.ms</c>, so an idle partition's data still expires. Returns the number of segments deleted.
    /// </summary>
    public int EnforceRetention()
    {
        int deleted;
        long bytes;
        lock (_appendLock)
        {
            if (_disposed)
            {
                return 0;
            }

            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (_segments[^1].Size > 0 && now - _segments[^1].CreatedMs >= _config.SegmentMs)
            {
                Roll(now);
            }

            if (!_config.DeleteRetention)
            {
                return 0;
            }

            var segments = _segments;
            var expired = 0;
            if (_config.RetentionMs >= 0)
            {
                while (expired < segments.Length && segments[expired].Size > 0 && now - LastTimestamp(segments[expired]) > _config.RetentionMs)
                {
                    expired++;
                }
            }

            if (expired == segments.Length)
            {
                Roll(now);
                segments = _segments;
            }

            var oversized = expired;
            if (_config.RetentionBytes >= 0)
            {
                var excess = segments.Skip(expired).Sum(s => s.Size) - _config.RetentionBytes;
                while (oversized < segments.Length - 1 && excess - segments[oversized].Size >= 0)
                {
                    excess -= segments[oversized].Size;
                    oversized++;
                }
            }

            deleted = oversized;
            if (deleted == 0)
            {
                return 0;
            }

            bytes = segments.Take(deleted).Sum(s => s.Size);
            DropOldestSegments(deleted);
            Volatile.Write(ref _logStartOffset, Math.Max(_logStartOffset, _segments[0].BaseOffset));
        }

        LogRetention(Name, deleted, bytes, LogStartOffset);
        _settings.LogStartChanged?.Invoke(this);
        return deleted;
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

    private static long LastTimestamp(LogSegment segment) => segment.MaxTimestamp >= 0 ? segment.MaxTimestamp : segment.CreatedMs;

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Segments} segments ({Bytes} bytes) of {Partition}; log start is now {LogStart}")]
    private partial void LogRetention(string partition, int segments, long bytes, long logStart);
}
