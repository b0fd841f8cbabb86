using System.Buffers;
using System.Text;
using System.Text.Json;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs.Consumer;

/// <summary>
/// <c>consumer</c> (<c>jobs.consumer</c>): prints each record as one JSON line — topic, partition, offset, timestamp, key,
/// and the value (as JSON when it is JSON, otherwise as a string). Writes no files.
/// </summary>
public sealed class ConsumerJob : IJob
{
    private readonly TextWriter _terminal;

    /// <summary>Creates the job printing to the context's terminal.</summary>
    public ConsumerJob(JobContext context) => _terminal = context.Terminal;

    /// <inheritdoc />
    public string Name => "consumer";

    /// <inheritdoc />
    public string Alias => "jobs.consumer";

    /// <inheritdoc />
    public async Task ProcessBatchAsync(JobBatch batch, IBatchSinks sinks, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer);
        var text = new StringBuilder();
        foreach (var record in batch.Records)
        {
            json.Reset();
            buffer.ResetWrittenCount();
            json.WriteStartObject();
            json.WriteString("topic", batch.Topic);
            json.WriteNumber("partition", record.Partition);
            json.WriteNumber("offset", record.Offset);
            json.WriteString("timestamp", record.Timestamp.UtcDateTime);
            if (record.Key is { } key)
            {
                json.WriteString("key", Encoding.UTF8.GetString(key.Span));
            }
            else
            {
                json.WriteNull("key");
            }
            json.WritePropertyName("value");
            if (IsJson(record.Value.Span))
            {
                json.WriteRawValue(record.Value.Span, skipInputValidation: true);
            }
            else
            {
                json.WriteStringValue(Encoding.UTF8.GetString(record.Value.Span));
            }
            json.WriteEndObject();
            json.Flush();
            text.Append(Encoding.UTF8.GetString(buffer.WrittenSpan)).Append('\n');
        }
        await _terminal.WriteAsync(text, cancellationToken);
        await _terminal.FlushAsync(cancellationToken);
    }

    private static bool IsJson(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
