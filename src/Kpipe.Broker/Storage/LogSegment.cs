using System.Globalization;

namespace Kpipe.Broker.Storage;

/// <summary>
/// One segment of a partition: <c>&lt;baseOffset:D20&gt;.log</c> with its <c>.index</c> and <c>.timeindex</c>.
/// One writer appends under the partition's lock; readers use the published <see cref="Size"/> and indexes without locking.
/// </summary>
internal sealed class LogSegment : IDisposable
{
    private readonly string _directory;
    private long _size;
    private long _nextOffset;
    private long _maxTimestamp = -1;
    private long _maxTimestampOffset;
    private long _bytesSinceIndexEntry;
    private long _flushedSize;
    private long _verifiedSize;

    private LogSegment(string directory, long baseOffset, ILogFile log, OffsetIndex index, TimeIndex timeIndex, long createdMs)
    {
        _directory = directory;
        BaseOffset = baseOffset;
        Log = log;
        Index = index;
        TimeIndex = timeIndex;
        CreatedMs = createdMs;
        _nextOffset = baseOffset;
        _maxTimestampOffset = baseOffset;
    }

    public long BaseOffset { get; }

    public ILogFile Log { get; }

    public OffsetIndex Index { get; }

    public TimeIndex TimeIndex { get; }

    /// <summary>When this segment started receiving data, for <c>segment.ms</c>.</summary>
    public long CreatedMs { get; private set; }

    /// <summary>Bytes of complete batches; readers never look past it.</summary>
    public long Size => Volatile.Read(ref _size);

    /// <summary>The offset after this segment's last batch.</summary>
    public long NextOffset => Volatile.Read(ref _nextOffset);

    /// <summary>Largest batch max timestamp in the segment, -1 when empty.</summary>
    public long MaxTimestamp => Volatile.Read(ref _maxTimestamp);

    /// <summary>Base offset of the first batch that carries <see cref="MaxTimestamp"/>.</summary>
    public long MaxTimestampOffset => Volatile.Read(ref _maxTimestampOffset);

    public bool HasUnflushedData => Size > Volatile.Read(ref _flushedSize);

    /// <summary>
    /// Bytes from the start whose batches this process has written or checked against their CRC-32C; a read serves
    /// them without checking again, and checks only what lies past them.
    /// </summary>
    public long VerifiedSize => Volatile.Read(ref _verifiedSize);

    /// <summary>Moves <see cref="VerifiedSize"/> from <paramref name="from"/> to <paramref name="to"/> unless it moved meanwhile; returns its value now.</summary>
    public long AdvanceVerified(long from, long to)
    {
        var seen = Interlocked.CompareExchange(ref _verifiedSize, to, from);
        return seen == from ? to : seen;
    }

    public static string FileName(long baseOffset, string extension) =>
        baseOffset.ToString("D20", CultureInfo.InvariantCulture) + extension;

    /// <summary>
    /// Opens (or creates) the three files of a segment; the caller then loads or rebuilds its state.
    /// <paramref name="indexProblem"/> says why the indexes cannot be trusted (missing, torn, out of order), null when they can.
    /// </summary>
    public static LogSegment Open(string directory, long baseOffset, ILogFileSystem files, long nowMs, out string? indexProblem)
    {
        var opened = new List<IDisposable>(3);
        try
        {
            var log = files.Open(Path.Combine(directory, FileName(baseOffset, ".log")));
            opened.Add(log);
            var logSize = log.Length;
            var indexPath = Path.Combine(directory, FileName(baseOffset, ".index"));
            var timeIndexPath = Path.Combine(directory, FileName(baseOffset, ".timeindex"));
            // A new (empty) segment has no indexes yet; only indexes missing beside records need a rebuild.
            var missing = logSize == 0 ? null : !File.Exists(indexPath) ? indexPath : !File.Exists(timeIndexPath) ? timeIndexPath : null;
            var indexFile = files.Open(indexPath);
            opened.Add(indexFile);
            var index = OffsetIndex.Open(indexFile, baseOffset, logSize, out var indexFault);
            var timeIndexFile = files.Open(timeIndexPath);
            opened.Add(timeIndexFile);
            var timeIndex = TimeIndex.Open(timeIndexFile, baseOffset, out var timeIndexFault);
            indexProblem = missing is not null ? $"{Path.GetFileName(missing)} is missing"
                : indexFault is not null ? $"{FileName(baseOffset, ".index")}: {indexFault}"
                : timeIndexFault is not null ? $"{FileName(baseOffset, ".timeindex")}: {timeIndexFault}"
                : (index.Count == 0) != (timeIndex.Count == 0) ? "one index is empty and the other is not"
                : null;
            return new LogSegment(directory, baseOffset, log, index, timeIndex, nowMs);
        }
        catch (IOException)
        {
            // A roll on a full disk can fail after creating some of the files: close what was opened.
            opened.ForEach(file => file.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Appends a stamped batch (fsynced first when <paramref name="flush"/>); adds index entries every
    /// <paramref name="indexIntervalBytes"/>. A failed write or fsync cuts the file back and publishes nothing, so the
    /// offsets stay contiguous.
    /// </summary>
    public void Append(ReadOnlySpan<byte> batch, in RecordBatchHeader header, int indexIntervalBytes, long nowMs, bool flush)
    {
        var position = _size;
        try
        {
            Log.Write(batch, position);
            if (flush)
            {
                Log.Flush();
            }
        }
        catch (IOException)
        {
            TryTruncate(position);
            throw;
        }

        if (position == 0)
        {
            CreatedMs = nowMs;
        }

        Track(header, position, indexIntervalBytes);
        // The batch passed its CRC-32C check on the way in (and was re-stamped with a valid one).
        AdvanceVerified(position, position + batch.Length);
        Volatile.Write(ref _size, position + batch.Length);
    }

    /// <summary>
    /// Walks the segment from its start, rebuilding its state and indexes; stops at the first torn or corrupt
    /// batch, cuts the file there, and reports what it found.
    /// </summary>
    public SegmentScan Recover(bool verifyCrc, int indexIntervalBytes)
    {
        Index.Reset();
        TimeIndex.Reset();

        var fileLength = Log.Length;
        using var scanner = new BatchScanner(Log, fileLength);
        ResetState();
        long position = 0;
        var batches = 0;
        ScanStatus status;
        while ((status = scanner.Next(position, verifyCrc, out var header)) == ScanStatus.Batch)
        {
            // Every append takes the log end as its base offset, so batches follow each other exactly; the CRC does not
            // cover the base offset, so a damaged one shows only here.
            if (header.BaseOffset != _nextOffset)
            {
                return Cut(position, fileLength, batches, $"batch at offset {header.BaseOffset} does not follow offset {_nextOffset - 1}");
            }

            Track(header, position, indexIntervalBytes);

            position += header.TotalSize;
            batches++;
        }

        _size = position;
        _verifiedSize = verifyCrc ? position : 0;
        return status == ScanStatus.End ? new SegmentScan(batches, 0, null) : Cut(position, fileLength, batches, scanner.Problem);
    }

    /// <summary>
    /// Loads a segment known to be flushed: state comes from the indexes plus a header walk from the last index entry.
    /// Returns false when that walk does not end exactly at the end of the file, or passes a point where an index entry
    /// should exist (an index that lost entries); the caller then recovers the segment.
    /// </summary>
    public bool LoadTrusted(int indexIntervalBytes)
    {
        var fileLength = Log.Length;
        var (lastOffset, lastPosition) = Index.Last;
        var (lastTimestamp, lastTimestampOffset) = TimeIndex.Last;
        if (lastTimestampOffset > lastOffset)
        {
            // Both indexes grow together, so a time entry past the last offset entry belongs to data that is gone.
            return false;
        }

        ResetState();
        _nextOffset = lastOffset;
        _maxTimestamp = lastTimestamp;
        _maxTimestampOffset = lastTimestampOffset;
        using var scanner = new BatchScanner(Log, fileLength);
        long position = lastPosition;
        ScanStatus status;
        while ((status = scanner.Next(position, verifyCrc: false, out var header)) == ScanStatus.Batch)
        {
            if (_bytesSinceIndexEntry > indexIntervalBytes)
            {
                return false;
            }

            TrackWithoutIndexes(header);
            position += header.TotalSize;
            _bytesSinceIndexEntry += header.TotalSize;
        }

        _size = position;
        _flushedSize = position;
        return status == ScanStatus.End;
    }

    /// <summary>
    /// Position of the batch containing <paramref name="offset"/>, found from the offset index by walking headers. An
    /// index entry that does not lead to that batch (a damaged index, loaded as valid because its entries are in order)
    /// makes the walk start again from the segment's first byte, so a bad entry costs time, never a wrong answer.
    /// </summary>
    public long FindPosition(long offset, long size, out RecordBatchHeader header)
    {
        using var scanner = new BatchScanner(Log, size, 8 * 1024);
        long start = Index.Lookup(offset);
        if (start >= size)
        {
            start = 0;
        }

        var position = Walk(scanner, start, offset, size, out header);
        if (position == -1 && start > 0 || position >= 0 && start > 0 && position == start && header.BaseOffset > offset)
        {
            position = Walk(scanner, 0, offset, size, out header);
        }

        return position;
    }

    private static long Walk(BatchScanner scanner, long position, long offset, long size, out RecordBatchHeader header)
    {
        while (scanner.Next(position, verifyCrc: false, out header) == ScanStatus.Batch)
        {
            if (header.LastOffset >= offset)
            {
                return position;
            }

            position += header.TotalSize;
        }

        header = default;
        return -1;
    }

    public void Flush()
    {
        var size = Size;
        Log.Flush();
        Index.Flush();
        TimeIndex.Flush();
        Volatile.Write(ref _flushedSize, Math.Max(Volatile.Read(ref _flushedSize), size));
    }

    /// <summary>Closes and deletes the segment's files.</summary>
    public void Delete()
    {
        Dispose();
        foreach (var extension in new[] { ".log", ".index", ".timeindex" })
        {
            File.Delete(Path.Combine(_directory, FileName(BaseOffset, extension)));
        }
    }

    public void Dispose()
    {
        Log.Dispose();
        Index.Dispose();
        TimeIndex.Dispose();
    }

    private void TryTruncate(long position)
    {
        try
        {
            Log.Truncate(position);
        }
        catch (IOException)
        {
            // The bytes past the published size are never read, and recovery cuts them if the broker stops now.
        }
    }

    private SegmentScan Cut(long position, long fileLength, int batches, string? reason)
    {
        var dropped = RecordsInReadableBatches(Log, position, fileLength, _nextOffset);
        Log.Truncate(position);
        _size = position;
        return new SegmentScan(batches, fileLength - position, reason, position, dropped);
    }

    /// <summary>
    /// How many records the batches still found in the bytes from <paramref name="position"/> hold: what the data being
    /// dropped cost, for the recovery log line. Counted from each batch's own record count, not its offsets, since the
    /// CRC does not cover the base offset. Where the headers cannot be walked (a zeroed or garbled stretch) the search
    /// moves on a byte at a time and takes up the walk again at the next batch whose CRC matches, so the count covers
    /// the records past the damage too.
    /// </summary>
    public static long RecordsInReadableBatches(ILogFile file, long position, long end, long firstOffset)
    {
        using var scanner = new BatchScanner(file, end);
        var records = 0L;
        var aligned = true;
        var skippedFrom = position;
        while (position < end)
        {
            var status = scanner.Next(position, verifyCrc: !aligned, out var header);
            if (status == ScanStatus.Batch)
            {
                // Batches whose headers the damage wiped out lie between the count so far and a re-found batch: its
                // base offset says how many records they held, when that fits in the bytes skipped (a record takes
                // more than one byte).
                var gap = header.BaseOffset - (firstOffset + records);
                if (!aligned && gap > 0 && gap <= position - skippedFrom)
                {
                    records += gap;
                }

                records += header.LastOffsetDelta + 1L;
                position += header.TotalSize;
                aligned = true;
            }
            else if (status == ScanStatus.Torn && aligned && header.Magic == 2)
            {
                // A batch cut short at the end still says in its header how many records it held.
                return records + header.LastOffsetDelta + 1L;
            }
            else
            {
                skippedFrom = aligned ? position : skippedFrom;
                position++;
                aligned = false;
            }
        }

        return records;
    }

    private void ResetState()
    {
        _size = 0;
        _nextOffset = BaseOffset;
        _maxTimestamp = -1;
        _maxTimestampOffset = BaseOffset;
        _bytesSinceIndexEntry = 0;
        _verifiedSize = 0;
    }

    private void Track(in RecordBatchHeader header, long position, int indexIntervalBytes)
    {
        TrackWithoutIndexes(header);
        if (_bytesSinceIndexEntry > indexIntervalBytes)
        {
            try
            {
                Index.Append(header.BaseOffset, checked((int)position));
                TimeIndex.MaybeAppend(MaxTimestamp, MaxTimestampOffset);
                _bytesSinceIndexEntry = 0;
            }
            catch (IOException)
            {
                // The batch itself is written: a missing index entry only makes lookups walk further, the next batch
                // tries again, and the next start rebuilds an index that lacks entries.
            }
        }

        _bytesSinceIndexEntry += header.TotalSize;
    }

    private void TrackWithoutIndexes(in RecordBatchHeader header)
    {
        if (header.MaxTimestamp > _maxTimestamp)
        {
            Volatile.Write(ref _maxTimestampOffset, header.BaseOffset);
            Volatile.Write(ref _maxTimestamp, header.MaxTimestamp);
        }

        Volatile.Write(ref _nextOffset, header.LastOffset + 1);
    }
}

/// <summary>What a segment scan found: batches checked, bytes cut off, and why (null when the segment was whole).</summary>
/// <param name="Batches">Whole batches kept.</param>
/// <param name="TruncatedBytes">Bytes cut off the end of the file.</param>
/// <param name="Problem">What was wrong at the cut, null when nothing was.</param>
/// <param name="CutPosition">The byte the file was cut at.</param>
/// <param name="DroppedRecords">The records held by the batches still found in the dropped bytes.</param>
internal readonly record struct SegmentScan(int Batches, long TruncatedBytes, string? Problem, long CutPosition = 0, long DroppedRecords = 0);
