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
    private readonly Lock _appendLock = new();
    private readonly Lock _flushLock = new();
    private readonly AppendSignal _appended = new();
    private readonly PartitionLogSettings _settings;
    private LogConfig _config;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private LogSegment[] _segments;
    private long _logStartOffset;
    private long _logEndOffset;
    private long _recoveryPoint;
    private long _failedAppends;
    private long _damagedFrom = long.MaxValue;
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

    /// <inheritdoc />
    public void UpdateConfig(LogConfig config) => Volatile.Write(ref _config, config);

    /// <summary>The partition's name, <c>topic-partition</c>.</summary>
    public string Name => _settings.Name;

    /// <summary>What recovery found when the log was opened.</summary>
    public RecoverySummary Recovery { get; }

    /// <summary>
    /// Offset below which every byte has been flushed to disk and is trusted at the next start; lowered to the base of a
    /// segment where a read found a corrupt batch, so that the next start verifies it.
    /// </summary>
    public long RecoveryPoint => Math.Min(Volatile.Read(ref _recoveryPoint), Volatile.Read(ref _damagedFrom));

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
    public AppendResult Append(ReadOnlySpan<byte> batch, bool brokerControl = false)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!AppendAdmission.TryAdmit(batch, _config, now, brokerControl, out var header, out var rejection))
        {
            return rejection;
        }

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
                try
                {
                    var active = RollIfNeeded(batch.Length, now);
                    active.Append(stamped, storedHeader, _config.IndexIntervalBytes, now, flush: _settings.Fsync == FsyncPolicy.Always);
                }
                catch (IOException e)
                {
                    return WriteFailed(e);
                }

                Volatile.Write(ref _logEndOffset, storedHeader.LastOffset + 1);
                WriteSucceeded();
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

    // A full disk fails every append until space returns: the first failure is logged, then one line when writes
    // resume with how many failed in between, so a producer retrying in a loop cannot flood the log. Kafka answers a
    // failed log write with KAFKA_STORAGE_ERROR, which clients retry.
    private AppendResult WriteFailed(IOException e)
    {
        if (_failedAppends++ == 0)
        {
            LogAppendFailed(Name, e.Message);
        }

        return new AppendResult(ErrorCode.KafkaStorageError, -1, -1, $"could not write to partition {Name}: {e.Message}");
    }

    private void WriteSucceeded()
    {
        if (_failedAppends > 0)
        {
            LogAppendsResumed(Name, _failedAppends);
            _failedAppends = 0;
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Append to {Partition} failed: {Reason}; answering KAFKA_STORAGE_ERROR until a write succeeds")]
    private partial void LogAppendFailed(string partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appends to {Partition} succeed again after {Failed} failed")]
    private partial void LogAppendsResumed(string partition, long failed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rolled {Partition} to a new segment at offset {BaseOffset}")]
    private partial void LogRolled(string partition, long baseOffset);
}
