using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>An <see cref="IPartitionLog"/> held in memory, with the same validation and offsets as the file log; for tests.</summary>
public sealed class MemoryPartitionLog : IPartitionLog
{
    private readonly Lock _lock = new();
    private readonly List<StoredBatch> _batches = [];
    private readonly AppendSignal _appended = new();
    private LogConfig _config;
    private readonly TimeProvider _time;
    private long _logStartOffset;
    private long _logEndOffset;
    private long _sizeInBytes;
    private bool _disposed;

    /// <summary>Creates an empty log with Kafka's default topic configs and the system clock.</summary>
    public MemoryPartitionLog()
        : this(LogConfig.Default, TimeProvider.System)
    {
    }

    /// <summary>Creates an empty log with the given configs and clock.</summary>
    public MemoryPartitionLog(LogConfig config, TimeProvider time)
    {
        _config = config;
        _time = time;
    }

    /// <inheritdoc />
    public void UpdateConfig(LogConfig config) => Volatile.Write(ref _config, config);

    /// <inheritdoc />
    public long LogStartOffset
    {
        get
        {
            lock (_lock)
            {
                return _logStartOffset;
            }
        }
    }

    /// <inheritdoc />
    public long LogEndOffset => Volatile.Read(ref _logEndOffset);

    /// <inheritdoc />
    public long SizeInBytes
    {
        get
        {
            lock (_lock)
            {
                return _sizeInBytes;
            }
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

        var bytes = batch.ToArray();
        lock (_lock)
        {
            if (_disposed)
            {
                return new AppendResult(ErrorCode.UnknownTopicOrPartition, -1, -1, "partition is closed");
            }

            var baseOffset = _logEndOffset;
            RecordBatchHeader.StampForAppend(bytes, baseOffset, appendTime);
            RecordBatchHeader.TryRead(bytes, out var stored);
            _batches.Add(new StoredBatch(stored, bytes));
            _sizeInBytes += bytes.Length;
            Volatile.Write(ref _logEndOffset, baseOffset + header.LastOffsetDelta + 1);
            _appended.Pulse();
            return new AppendResult(ErrorCode.None, baseOffset, appendTime);
        }
    }

    /// <inheritdoc />
    public ReadResult Read(long offset, int maxBytes, bool minOneBatch)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return new ReadResult(ErrorCode.UnknownTopicOrPartition, ReadOnlyMemory<byte>.Empty);
            }

            if (offset < _logStartOffset || offset > _logEndOffset)
            {
                return new ReadResult(ErrorCode.OffsetOutOfRange, ReadOnlyMemory<byte>.Empty);
            }

            var first = FindBatchIndex(offset);
            var count = 0;
            long total = 0;
            for (var i = first; i < _batches.Count; i++)
            {
                var size = _batches[i].Bytes.Length;
                if (total + size > maxBytes && !(count == 0 && minOneBatch))
                {
                    break;
                }

                total += size;
                count++;
            }

            if (count == 0)
            {
                return new ReadResult(ErrorCode.None, ReadOnlyMemory<byte>.Empty);
            }

            if (count == 1)
            {
                return new ReadResult(ErrorCode.None, _batches[first].Bytes);
            }

            var result = new byte[total];
            var position = 0;
            for (var i = first; i < first + count; i++)
            {
                _batches[i].Bytes.CopyTo(result, position);
                position += _batches[i].Bytes.Length;
            }

            return new ReadResult(ErrorCode.None, result);
        }
    }

    /// <inheritdoc />
    public OffsetLookup LookupOffset(long timestamp)
    {
        lock (_lock)
        {
            if (ListOffsetsTimestamp.AnswerWithoutSearch(timestamp, _logStartOffset, _logEndOffset) is { } answered)
            {
                return answered;
            }

            if (timestamp == ListOffsetsTimestamp.MaxTimestamp)
            {
                return MaxTimestampLookup();
            }

            foreach (var batch in _batches)
            {
                if (RecordTimestamps.FirstAtOrAfter(batch.Bytes, batch.Header, timestamp) is { } found)
                {
                    return new OffsetLookup(ErrorCode.None, Math.Max(found.Offset, _logStartOffset), found.Timestamp);
                }
            }

            return new OffsetLookup(ErrorCode.None, -1, -1);
        }
    }

    /// <inheritdoc />
    public ErrorCode DeleteRecordsBefore(long offset, out long newLogStartOffset)
    {
        lock (_lock)
        {
            var target = offset == -1 ? _logEndOffset : offset;
            if (target < 0 || target > _logEndOffset)
            {
                newLogStartOffset = _logStartOffset;
                return ErrorCode.OffsetOutOfRange;
            }

            if (target > _logStartOffset)
            {
                _logStartOffset = target;
                var removable = 0;
                while (removable < _batches.Count && _batches[removable].Header.LastOffset < target)
                {
                    _sizeInBytes -= _batches[removable].Bytes.Length;
                    removable++;
                }

                _batches.RemoveRange(0, removable);
            }

            newLogStartOffset = _logStartOffset;
            return ErrorCode.None;
        }
    }

    /// <inheritdoc />
    public Task WaitForAppendAsync(long offset, CancellationToken cancellationToken) =>
        _appended.WaitUntilAsync(() => LogEndOffset > offset || Volatile.Read(ref _disposed), cancellationToken);

    /// <inheritdoc />
    public void Flush()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _appended.Pulse();
    }

    private int FindBatchIndex(long offset)
    {
        int low = 0, high = _batches.Count - 1, result = _batches.Count;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (_batches[mid].Header.LastOffset >= offset)
            {
                result = mid;
                high = mid - 1;
            }
            else
            {
                low = mid + 1;
            }
        }

        return result;
    }

    private OffsetLookup MaxTimestampLookup()
    {
        StoredBatch? best = null;
        foreach (var batch in _batches)
        {
            if (best is null || batch.Header.MaxTimestamp > best.Header.MaxTimestamp)
            {
                best = batch;
            }
        }

        return best is null
            ? new OffsetLookup(ErrorCode.None, -1, -1)
            : new OffsetLookup(ErrorCode.None, RecordTimestamps.OffsetOfMaxTimestamp(best.Bytes, best.Header), best.Header.MaxTimestamp);
    }

    private sealed record StoredBatch(RecordBatchHeader Header, byte[] Bytes);
}
