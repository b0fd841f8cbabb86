using System.Net;
using System.Text.Json;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// Parses a batch's record values as JSON objects and checks the fields the jobs rely on; a record that fails goes to the
/// dead letters with the reason, never stops the job.
/// </summary>
public static class RecordParser
{
    /// <summary>Parses a value as a JSON object; null (and a dead letter) when it is not JSON or not an object.</summary>
    public static JsonDocument? ParseObject(ConsumedRecord record, IBatchSinks sinks)
    {
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

    /// <summary>
    /// Reads the user fields of a parsed record: id (string or number, required), gender, country, IP (must parse as an
    /// IPv4 or IPv6 address when present). False (and a dead letter) when the record is unusable.
    /// </summary>
    public static bool TryReadUser(ConsumedRecord record, JsonElement root, RecordFieldNames fields, IBatchSinks sinks, out UserFields user)
    {
        user = default;
        if (!root.TryGetProperty(fields.Id, out var id) || id.ValueKind == JsonValueKind.Null)
        {
            sinks.DeadLetter(Letter(record, $"no id: field '{fields.Id}' is missing or null"));
            return false;
        }
        string idText;
        if (id.ValueKind == JsonValueKind.String)
        {
            idText = id.GetString()!;
        }
        else if (id.ValueKind == JsonValueKind.Number)
        {
            idText = id.GetRawText();
        }
        else
        {
            sinks.DeadLetter(Letter(record, $"invalid id: field '{fields.Id}' is a {id.ValueKind.ToString().ToLowerInvariant()}, not a string or number"));
            return false;
        }
        string? ip = null;
        if (root.TryGetProperty(fields.Ip, out var ipValue) && ipValue.ValueKind != JsonValueKind.Null)
        {
            ip = ipValue.ValueKind == JsonValueKind.String ? ipValue.GetString() : null;
            if (ip is null || !IPAddress.TryParse(ip, out _))
            {
                sinks.DeadLetter(Letter(record, $"invalid IP address in '{fields.Ip}': {ipValue.GetRawText()}"));
                return false;
            }
        }
        user = new UserFields(idText, TextOf(root, fields.Gender), TextOf(root, fields.Country), ip);
        return true;
    }

    /// <summary>A dead letter for <paramref name="record"/> with <paramref name="reason"/>.</summary>
    public static DeadLetter Letter(ConsumedRecord record, string reason) =>
        new(reason, record.Partition, record.Offset, record.Timestamp, record.Key, record.Value);

    private static string? TextOf(JsonElement root, string field) =>
        root.TryGetProperty(field, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        } : null;
}
