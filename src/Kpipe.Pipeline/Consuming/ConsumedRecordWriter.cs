using System.Text.Json;
using Confluent.Kafka;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Consuming;

/// <summary>
/// Writes consumed records as JSON lines: topic, partition, offset, timestamp (ISO-8601 UTC), key (UTF-8 text or null)
/// and value, embedded as JSON when it is valid JSON and as a string otherwise.
/// </summary>
public sealed class ConsumedRecordWriter(Stream output) : IDisposable
{
    private readonly Utf8JsonWriter _writer = new(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Writes one record and its line break.</summary>
    public void Write(ConsumeResult<byte[]?, byte[]?> record)
    {
        _writer.Reset();
        _writer.WriteStartObject();
        _writer.WriteString("topic"u8, record.Topic);
        _writer.WriteNumber("partition"u8, record.Partition.Value);
        _writer.WriteNumber("offset"u8, record.Offset.Value);
        _writer.WriteString("timestamp"u8, UtcTimestampText.Of(record.Message.Timestamp.UtcDateTime));
        WriteText("key"u8, record.Message.Key);
        var value = record.Message.Value;
        if (value is not null && IsJson(value))
        {
            _writer.WritePropertyName("value"u8);
            _writer.WriteRawValue(value, skipInputValidation: true);
        }
        else
        {
            WriteText("value"u8, value);
        }

        _writer.WriteEndObject();
        _writer.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>Flushes buffered output.</summary>
    public void Flush() => output.Flush();

    /// <summary>Releases the JSON writer; the stream belongs to the caller.</summary>
    public void Dispose() => _writer.Dispose();

    private void WriteText(ReadOnlySpan<byte> name, byte[]? bytes)
    {
        if (bytes is null)
        {
            _writer.WriteNull(name);
        }
        else
        {
            _writer.WriteString(name, System.Text.Encoding.UTF8.GetString(bytes));
        }
    }

    /// <summary>True when <paramref name="bytes"/> is exactly one complete JSON value.</summary>
    public static bool IsJson(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
