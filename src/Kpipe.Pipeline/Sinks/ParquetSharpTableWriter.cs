using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// Writes a table as one Parquet row group through ParquetSharp (Apache Arrow's C++ Parquet writer): the columns of
/// <see cref="ParquetTableWriter"/> (optional, timestamps as micros marked UTC-adjusted, text as UTF-8 strings), Snappy,
/// and a dictionary for every column but those <see cref="ParquetDictionaryChooser"/> finds mostly distinct (written
/// plain, or delta encoded when they are whole numbers). Values go to the native writer in chunks, UTF-8 text where it
/// lies and char text encoded in one pinned buffer, so nothing is allocated per value.
/// </summary>
public sealed class ParquetSharpTableWriter : ITableWriter
{
    // Rows handed to the native writer per call: the levels, dense values and UTF-8 bytes of a chunk stay in the cache.
    private const int ChunkRows = 4096;
    private const int TextBufferBytes = 1 << 18;
    private const int SharedArrayBytes = 1 << 16;

    private readonly Compression _compression;
    private readonly bool _chooseDictionaries;

    /// <summary>Creates a writer that compresses with Snappy.</summary>
    public ParquetSharpTableWriter()
        : this(Compression.Snappy)
    {
    }

    /// <summary>
    /// Creates a writer with another codec, or with Arrow's dictionary for every column when
    /// <paramref name="chooseDictionaries"/> is false (the benchmark compares them).
    /// </summary>
    internal ParquetSharpTableWriter(Compression compression, bool chooseDictionaries = true)
    {
        _compression = compression;
        _chooseDictionaries = chooseDictionaries;
    }

    /// <inheritdoc />
    public Task WriteAsync(string path, ColumnarTable table, CancellationToken cancellationToken)
    {
        var columns = table.Schema.Columns;
        var text = PinnedBuffer(TextBufferBytes);
        using (var properties = Properties(table))
        {
            using var file = new ParquetFileWriter(path, [.. columns.Select(ColumnOf)], properties);
            using (var group = file.AppendRowGroup())
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var writer = group.NextColumn();
                    WriteColumn(writer, columns[i], table.Columns[i], ref text);
                }
            }
            file.Close();
        }
        // The native writer has closed its own descriptor: the bytes are made durable through another one.
        using (var written = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            written.Flush(flushToDisk: true);
        }
        return Task.CompletedTask;
    }

    // A dictionary for repetitive columns, numbers too: the records table's partition and window_start become a few
    // bytes (measured against dictionaries for text only: the same size and about a third less CPU). A mostly distinct
    // column (ids, offsets, addresses) is written without one from the start: Arrow would hash every value into a
    // dictionary until it outgrew its page and then abandon it (BENCHMARKS.md).
    private WriterProperties Properties(ColumnarTable table)
    {
        using var builder = new WriterPropertiesBuilder();
        builder.Compression(_compression).CreatedBy("kpipe");
        if (_chooseDictionaries)
        {
            foreach (var column in ParquetDictionaryChooser.WithoutDictionary(table))
            {
                using var path = new ColumnPath([column.Name]);
                builder.DisableDictionary(path);
                // Ids and offsets rise by small steps: their deltas pack into a few bits where plain takes eight bytes.
                // Not instants: Parquet.Net (and so the report command) cannot read delta-encoded timestamps.
                if (column.Type is ColumnType.Long)
                {
                    builder.Encoding(path, Encoding.DeltaBinaryPacked);
                }
            }
        }
        return builder.Build();
    }

    private static Column ColumnOf(TableColumn column) => column.Type switch
    {
        ColumnType.Boolean => new Column<bool?>(column.Name),
        ColumnType.Long => new Column<long?>(column.Name),
        ColumnType.Double => new Column<double?>(column.Name),
        ColumnType.Timestamp => new Column<DateTime?>(column.Name, LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Micros)),
        ColumnType.String or ColumnType.Json => new Column<string>(column.Name, LogicalType.String()),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    private static void WriteColumn(ColumnWriter writer, TableColumn definition, ColumnValues column, ref byte[] text)
    {
        switch (column)
        {
            case ColumnValues<bool> flags:
                WriteValues((ColumnWriter<bool>)writer, flags.Values.Span);
                break;
            case ColumnValues<long> numbers:
                WriteValues((ColumnWriter<long>)writer, numbers.Values.Span);
                break;
            case ColumnValues<double> numbers:
                WriteValues((ColumnWriter<double>)writer, numbers.Values.Span);
                break;
            case ColumnValues<DateTimeOffset> instants:
                WriteInstants((ColumnWriter<long>)writer, instants.Values.Span);
                break;
            case ColumnValues<ReadOnlyMemory<char>> texts:
                WriteTexts((ColumnWriter<ByteArray>)writer, texts.Values.Span, ref text);
                break;
            case ColumnValues<ReadOnlyMemory<byte>> utf8:
                WriteUtf8((ColumnWriter<ByteArray>)writer, utf8.Values.Span, ref text);
                break;
            default:
                throw new ArgumentException($"column {definition.Name} holds {column.GetType().Name}", nameof(column));
        }
    }

    // On the pinned heap, so the addresses the byte arrays hold stay put; the native writer copies the bytes in WriteBatch.
    private static byte[] PinnedBuffer(int length) => GC.AllocateUninitializedArray<byte>(length, pinned: true);

    private static void WriteValues<T>(ColumnWriter<T> writer, ReadOnlySpan<T?> values)
        where T : unmanaged
    {
        var levels = ArrayPool<short>.Shared.Rent(ChunkRows);
        var dense = ArrayPool<T>.Shared.Rent(ChunkRows);
        try
        {
            for (var start = 0; start < values.Length; start += ChunkRows)
            {
                var chunk = values.Slice(start, Math.Min(ChunkRows, values.Length - start));
                var present = 0;
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (chunk[i] is { } value)
                    {
                        dense[present++] = value;
                        levels[i] = 1;
                    }
                    else
                    {
                        levels[i] = 0;
                    }
                }
                writer.WriteBatch(chunk.Length, levels.AsSpan(0, chunk.Length), default, dense.AsSpan(0, present));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(dense);
            ArrayPool<short>.Shared.Return(levels);
        }
    }

    private static void WriteInstants(ColumnWriter<long> writer, ReadOnlySpan<DateTimeOffset?> values)
    {
        var micros = ArrayPool<long?>.Shared.Rent(ChunkRows);
        try
        {
            for (var start = 0; start < values.Length; start += ChunkRows)
            {
                var chunk = values.Slice(start, Math.Min(ChunkRows, values.Length - start));
                for (var i = 0; i < chunk.Length; i++)
                {
                    micros[i] = chunk[i] is { } instant ? (instant.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond : null;
                }
                WriteValues(writer, micros.AsSpan(0, chunk.Length));
            }
        }
        finally
        {
            ArrayPool<long?>.Shared.Return(micros);
        }
    }

    private static void WriteTexts(ColumnWriter<ByteArray> writer, ReadOnlySpan<ReadOnlyMemory<char>?> values, ref byte[] buffer)
    {
        using var chunk = new ParquetTextChunk(writer, ChunkRows);
        var start = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
        foreach (var value in values)
        {
            if (chunk.IsFull)
            {
                chunk.Flush();
            }
            if (value is not { } text)
            {
                chunk.AddNull();
                continue;
            }
            var chars = text.Span;
            var most = chars.Length * 3;
            if (chunk.BufferUsed + most > buffer.Length)
            {
                chunk.Flush();
                if (most > buffer.Length)
                {
                    buffer = PinnedBuffer(most);
                    start = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
                }
            }
            // Lone surrogates become U+FFFD, as Encoding.UTF8 (and so Parquet.Net) writes them.
            Utf8.FromUtf16(chars, buffer.AsSpan(chunk.BufferUsed), out _, out var written);
            chunk.Add(new ByteArray(start + chunk.BufferUsed, written), written);
        }
        chunk.Flush();
    }

    // UTF-8 goes to the native writer where it lies when it lies in a large array (record buffers and arenas, few, each
    // pinned once for the column); a value of a small array of its own, or of memory that is no array, is copied to
    // the pinned buffer, which costs less than pinning one array per value.
    private static void WriteUtf8(ColumnWriter<ByteArray> writer, ReadOnlySpan<ReadOnlyMemory<byte>?> values, ref byte[] buffer)
    {
        using var chunk = new ParquetTextChunk(writer, ChunkRows);
        using var pins = new PinnedArrays();
        foreach (var value in values)
        {
            if (chunk.IsFull)
            {
                chunk.Flush();
            }
            if (value is not { } utf8)
            {
                chunk.AddNull();
                continue;
            }
            if (MemoryMarshal.TryGetArray(utf8, out var segment) && segment.Array!.Length >= SharedArrayBytes)
            {
                chunk.Add(new ByteArray(pins.AddressOf(segment.Array!) + segment.Offset, segment.Count), 0);
                continue;
            }
            if (chunk.BufferUsed + utf8.Length > buffer.Length)
            {
                chunk.Flush();
                if (utf8.Length > buffer.Length)
                {
                    buffer = PinnedBuffer(utf8.Length);
                }
            }
            var used = chunk.BufferUsed;
            utf8.Span.CopyTo(buffer.AsSpan(used));
            chunk.Add(new ByteArray(Marshal.UnsafeAddrOfPinnedArrayElement(buffer, used), utf8.Length), utf8.Length);
        }
        chunk.Flush();
    }
}
