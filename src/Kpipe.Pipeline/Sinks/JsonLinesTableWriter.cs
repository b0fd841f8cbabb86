using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Kpipe.Pipeline.Sinks;

/// <summary>Writes a table as JSON lines: one object per row, null fields omitted as Spark's JSON writer does.</summary>
public sealed class JsonLinesTableWriter : ITableWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    /// <inheritdoc />
    public async Task WriteAsync(string path, TableSchema schema, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        await using (var json = new Utf8JsonWriter(buffer, Options))
        {
            foreach (var row in rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < schema.Columns.Count; i++)
                {
                    WriteField(json, schema.Columns[i], row[i]);
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

    private static void WriteField(Utf8JsonWriter json, TableColumn column, object? value)
    {
        if (value is null)
        {
            return;
        }
        json.WritePropertyName(column.Name);
        switch (value)
        {
            case string text when column.Type == ColumnType.Json:
                json.WriteRawValue(text, skipInputValidation: true);
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case double number:
                json.WriteNumberValue(number);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case DateTimeOffset instant:
                json.WriteStringValue(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException($"column {column.Name} cannot hold a {value.GetType().Name}");
        }
    }
}
