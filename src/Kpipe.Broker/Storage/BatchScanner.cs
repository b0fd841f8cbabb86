using System.Buffers;

namespace Kpipe.Broker.Storage;

/// <summary>What <see cref="BatchScanner.Next"/> found at a position.</summary>
internal enum ScanStatus
{
    /// <summary>A complete, sane batch.</summary>
    Batch,

    /// <summary>The position is the end of the data.</summary>
    End,

    /// <summary>Fewer bytes remain than the header or the batch needs: a write cut short.</summary>
    Torn,

    /// <summary>A header that cannot be a stored batch, or a CRC mismatch.</summary>
    Corrupt,
}

/// <summary>Walks the batches of a segment file through a read window, checking headers and optionally CRCs; for recovery and lookups.</summary>
internal sealed class BatchScanner(ILogFile file, long end, int windowSize = 64 * 1024) : IDisposable
{
    private byte[] _window = ArrayPool<byte>.Shared.Rent(windowSize);
    private long _windowStart;
    private int _windowLength;

    /// <summary>Why the last <see cref="Next"/> call did not return a batch.</summary>
    public string? Problem { get; private set; }

    /// <summary>Reads the batch header at <paramref name="position"/>; with <paramref name="verifyCrc"/> the whole batch is checked.</summary>
    public ScanStatus Next(long position, bool verifyCrc, out RecordBatchHeader header)
    {
        header = default;
        Problem = null;
        if (position >= end)
        {
            return ScanStatus.End;
        }

        if (end - position < RecordBatchHeader.Size)
        {
            Problem = $"{end - position} trailing bytes are shorter than a batch header";
            return ScanStatus.Torn;
        }

        RecordBatchHeader.TryRead(Window(position, RecordBatchHeader.Size), out header);
        if (header.Magic != 2 || header.BatchLength < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead
            || header.LastOffsetDelta < 0 || header.BaseOffset < 0)
        {
            Problem = $"invalid batch header (magic {header.Magic}, batchLength {header.BatchLength})";
            return ScanStatus.Corrupt;
        }

        // In long arithmetic: a garbled length near int.MaxValue must read as "past the end", not wrap negative.
        if (position + (long)header.BatchLength + RecordBatchHeader.LogOverhead > end)
        {
            Problem = $"batch at offset {header.BaseOffset} needs {header.TotalSize} bytes but only {end - position} remain";
            return ScanStatus.Torn;
        }

        if (verifyCrc && !CrcMatches(position, header))
        {
            Problem = $"CRC-32C mismatch in batch at offset {header.BaseOffset}";
            return ScanStatus.Corrupt;
        }

        return ScanStatus.Batch;
    }

    /// <summary>Reads a whole batch into a new array.</summary>
    public byte[] ReadBatch(long position, int size)
    {
        var bytes = new byte[size];
        var read = file.Read(bytes, position);
        return read == size ? bytes : throw new IOException($"batch at position {position} ends past the end of its segment");
    }

    public void Dispose()
    {
        var window = _window;
        _window = [];
        ArrayPool<byte>.Shared.Return(window);
    }

    private bool CrcMatches(long position, in RecordBatchHeader header)
    {
        var size = header.TotalSize;
        if (size <= _window.Length)
        {
            return Crc32C.Compute(Window(position, size)[RecordBatchHeader.CrcStart..]) == header.Crc;
        }

        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var read = file.Read(rented.AsSpan(0, size), position);
            return read == size && Crc32C.Compute(rented.AsSpan(RecordBatchHeader.CrcStart, size - RecordBatchHeader.CrcStart)) == header.Crc;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private ReadOnlySpan<byte> Window(long position, int length)
    {
        if (position < _windowStart || position + length > _windowStart + _windowLength)
        {
            _windowStart = position;
            _windowLength = file.Read(_window.AsSpan(0, (int)Math.Min(_window.Length, end - position)), position);
        }

        return _window.AsSpan((int)(position - _windowStart), length);
    }
}
