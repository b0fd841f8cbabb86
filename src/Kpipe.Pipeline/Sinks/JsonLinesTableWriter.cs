using System.Buffers;
using System.Text.Json;

namespace Kpipe.Pipeline.Sinks;

/// <summary>Writes a table as JSON lines: one object per row, null fields omitted as Spark's JSON writer does.</summary>
public sealed class JsonLinesTableWriter : ITableWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    /// <inheritdoc />
    public async Task WriteAsync(string path, ColumnarTable table, CancellationToken cancellationToken)
    {
        var columns = table.Schema.Columns;
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        await using (var json = new Utf8JsonWriter(buffer, Options))
        {
            for (var row = 0; row < table.RowCount; row++)
            {
                json.WriteStartObject();
                for (var i = 0; i < columns.Count; i++)
                {
                    WriteField(json, columns[i], table.Columns[i], row);
                }
                json.WriteEndObject();
                json.Flush();
                buffer.Write("\n"u8);
                json.Reset();
                if (buffer.WrittenCount >= 1 << 16)
                {
                    await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
                    buffer.ResetWrittenCount();
                }
            }
        }
        await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
    }

    private static void WriteField(Utf8JsonWriter json, TableColumn column, ColumnValues values, int row)
    {
        switch (values)
        {
            case ColumnValues<ReadOnlyMemory<char>> texts when texts.Values.Span[row] is { } text:
                json.WritePropertyName(column.Name);
                if (column.Type == ColumnType.Json)
                {
                    json.WriteRawValue(text.Span, skipInputValidation: true);
                }
                else
                {
                    json.WriteStringValue(text.Span);
                }
                break;
            case ColumnValues<ReadOnlyMemory<byte>> utf8 when utf8.Values.Span[row] is { } bytes:
                json.WritePropertyName(column.Name);
                if (column.Type == ColumnType.Json)
                {
                    json.WriteRawValue(bytes.Span, skipInputValidation: true);
                }
                else
                {
                    json.WriteStringValue(bytes.Span);
                }
                break;
            case ColumnValues<long> numbers when numbers.Values.Span[row] is { } number:
                json.WritePropertyName(column.Name);
                json.WriteNumberValue(number);
                break;
            case ColumnValues<double> numbers when numbers.Values.Span[row] is { } number:
                json.WritePropertyName(column.Name);
                json.WriteNumberValue(number);
                break;
            case ColumnValues<bool> flags when flags.Values.Span[row] is { } flag:
                json.WritePropertyName(column.Name);
                json.WriteBooleanValue(flag);
                break;
            case ColumnValues<DateTimeOffset> instants when instants.Values.Span[row] is { } instant:
                json.WritePropertyName(column.Name);
                json.WriteStringValue(UtcTimestampText.Of(instant.UtcDateTime));
                break;
        }
    }
}
