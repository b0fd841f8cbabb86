using System.Text.Json;

namespace Kpipe.Pipeline.Records;

/// <summary>Extracts a record's Kafka key: its top-level <c>id</c> as JSON text, a string without its quotes.</summary>
public static class RecordKey
{
    /// <summary>The property whose value becomes the key.</summary>
    public const string PropertyName = "id";

    /// <summary>The key bytes for a JSON object; null when it has no <c>id</c> or the id is JSON null.</summary>
    public static byte[]? Extract(ReadOnlySpan<byte> jsonObject)
    {
        var reader = new Utf8JsonReader(jsonObject);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (!isId)
            {
                reader.Skip();
                continue;
            }

            return reader.TokenType switch
            {
                JsonTokenType.Null => null,
                JsonTokenType.String => reader.ValueIsEscaped ? Unescape(reader) : reader.ValueSpan.ToArray(),
                JsonTokenType.StartObject or JsonTokenType.StartArray => RawValue(jsonObject, ref reader),
                _ => reader.ValueSpan.ToArray(),
            };
        }

        return null;
    }

    private static byte[] Unescape(Utf8JsonReader reader)
    {
        var buffer = new byte[reader.ValueSpan.Length];
        var written = reader.CopyString(buffer);
        return buffer.AsSpan(0, written).ToArray();
    }

    private static byte[] RawValue(ReadOnlySpan<byte> json, ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return json[start..(int)reader.BytesConsumed].ToArray();
    }
}
