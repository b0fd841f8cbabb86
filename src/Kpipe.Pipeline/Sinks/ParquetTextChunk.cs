using System.Buffers;
using ParquetSharp;

namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// The rows of a text column gathered for one call to ParquetSharp's native writer: their definition levels, the
/// present values as byte arrays, and how many bytes of the writer's pinned text buffer those values use. Its arrays
/// are rented and go back to the pool on <see cref="Dispose"/>.
/// </summary>
internal sealed class ParquetTextChunk : IDisposable
{
    private readonly ColumnWriter<ByteArray> _writer;
    private readonly int _capacity;
    private readonly short[] _levels;
    private readonly ByteArray[] _dense;
    private int _rows;
    private int _present;

    /// <summary>An empty chunk of up to <paramref name="capacity"/> rows for <paramref name="writer"/>.</summary>
    public ParquetTextChunk(ColumnWriter<ByteArray> writer, int capacity)
    {
        _writer = writer;
        _capacity = capacity;
        _levels = ArrayPool<short>.Shared.Rent(capacity);
        _dense = ArrayPool<ByteArray>.Shared.Rent(capacity);
    }

    /// <summary>Whether the chunk holds as many rows as it can.</summary>
    public bool IsFull => _rows == _capacity;

    /// <summary>Bytes of the pinned text buffer the chunk's values use; the next value's bytes go after them.</summary>
    public int BufferUsed { get; private set; }

    /// <summary>Adds a null row.</summary>
    public void AddNull() => _levels[_rows++] = 0;

    /// <summary>Adds a row whose value is <paramref name="value"/>, which takes <paramref name="bufferBytes"/> of the pinned buffer (0 when it lies elsewhere).</summary>
    public void Add(ByteArray value, int bufferBytes)
    {
        _dense[_present++] = value;
        _levels[_rows++] = 1;
        BufferUsed += bufferBytes;
    }

    /// <summary>Hands the chunk's rows to the native writer, which copies their bytes, and empties it.</summary>
    public void Flush()
    {
        if (_rows > 0)
        {
            _writer.WriteBatch(_rows, _levels.AsSpan(0, _rows), default, _dense.AsSpan(0, _present));
        }
        _rows = 0;
        _present = 0;
        BufferUsed = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ArrayPool<ByteArray>.Shared.Return(_dense);
        ArrayPool<short>.Shared.Return(_levels);
    }
}
