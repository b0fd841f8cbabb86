using System.Text.Json;
using System.Text.Unicode;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// Parses a batch's record values as JSON objects; a record that fails goes to the dead letters with the reason, never
/// stops the job.
/// </summary>
public static class RecordParser
{
    /// <summary>Parses a value as a JSON object; null (and a dead letter) when it is not JSON or not an object.</summary>
    public static JsonDocument? ParseObject(ConsumedRecord record, IBatchSinks sinks)
    {
        // JsonDocument does not check a string's UTF-8 until it is read, which would fail later, outside this guard.
        if (!Utf8.IsValid(record.Value.Span))
        {
            sinks.DeadLetter(Letter(record, "not JSON: the value is not valid UTF-8"));
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(record.Value);
        }
        catch (JsonException e)
        {
            sinks.DeadLetter(Letter(record, $"not JSON: {e.Message}"));
            return null;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            sinks.DeadLetter(Letter(record, $"not a JSON object: {document.RootElement.ValueKind.ToString().ToLowerInvariant()}"));
            document.Dispose();
            return null;
        }
        return document;
    }

    /// <summary>A dead letter for <paramref name="record"/> with <paramref name="reason"/>.</summary>
    public static DeadLetter Letter(ConsumedRecord record, string reason) =>
        new(reason, record.Partition, record.Offset, record.Timestamp, record.Key?.ToArray(), record.Value.ToArray());
}
