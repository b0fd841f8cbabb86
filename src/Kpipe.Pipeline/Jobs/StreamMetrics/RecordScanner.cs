using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// Reads a record's value in one forward pass with <see cref="Utf8JsonReader"/>: checks that it is one JSON object, notes
/// each top-level field as a <see cref="JsonCell"/> and reads the user fields, routing a bad record to the dead letters
/// with the same reasons as <see cref="RecordParser"/>. Nothing is kept per record but the cells; text stays UTF-8, a
/// slice of the record's bytes unless it had to be unescaped into a <see cref="Utf8Arena"/>. One scanner per thread: it
/// remembers the last record's field order.
/// </summary>
internal sealed class RecordScanner
{
    private readonly FieldIds _ids;
    private readonly int _id;
    private readonly int _gender;
    private readonly int _country;
    private readonly int _ip;
    private readonly RecordFieldNames _fields;
    private readonly Utf8Arena _text;

    // The field ids of the last record in their order: records of one topic mostly list the same fields in the same
    // order, and comparing a name's bytes with the expected one is cheaper than looking it up.
    private readonly List<int> _lastOrder = [];

    /// <summary>
    /// Creates a scanner numbering fields in <paramref name="ids"/>, reading the user fields named by
    /// <paramref name="fields"/> and unescaping text into <paramref name="text"/>.
    /// </summary>
    public RecordScanner(FieldIds ids, RecordFieldNames fields, Utf8Arena text)
    {
        _ids = ids;
        _text = text;
        _fields = fields;
        _id = ids.IdOf(fields.Id);
        _gender = ids.IdOf(fields.Gender);
        _country = ids.IdOf(fields.Country);
        _ip = ids.IdOf(fields.Ip);
    }

    /// <summary>
    /// Appends the record's fields to <paramref name="cells"/> and reads its user fields; false (cells left as they were,
    /// and the dead letter's reason in <paramref name="rejected"/>) when the record is not a JSON object or its user
    /// fields are unusable.
    /// </summary>
    public bool TryScan(ConsumedRecord record, List<JsonCell> cells, out UserFields user, [NotNullWhen(false)] out string? rejected)
    {
        user = default;
        var first = cells.Count;
        try
        {
            rejected = Scan(record.Value, cells);
        }
        catch (JsonException e)
        {
            rejected = $"not JSON: {e.Message}";
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid UTF-8, or escapes a lone surrogate, only fails when it is unescaped.
            rejected = $"not JSON: {e.Message}";
        }
        if (rejected is null && TryReadUser(record, cells, first, out user, out rejected))
        {
            return true;
        }
        cells.RemoveRange(first, cells.Count - first);
        return false;
    }

    private string? Scan(ReadOnlyMemory<byte> value, List<JsonCell> cells)
    {
        var reader = new Utf8JsonReader(value.Span);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var kind = reader.TokenType switch
            {
                JsonTokenType.StartArray => "array",
                JsonTokenType.String => "string",
                JsonTokenType.Number => "number",
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => "null",
            };
            reader.Skip();
            // Reading past the value throws on trailing content, as a full parse would.
            reader.Read();
            return $"not a JSON object: {kind}";
        }
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldAt(position++, ref reader);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            ColumnType? type = null;
            var text = ReadOnlyMemory<byte>.Empty;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    type = ColumnType.Json;
                    text = value[start..(int)reader.BytesConsumed];
                    // The reader does not check the UTF-8 of strings it skips: invalid bytes are written as U+FFFD.
                    if (!Utf8.IsValid(text.Span))
                    {
                        text = _text.Repair(text.Span);
                    }
                    break;
                case JsonTokenType.String:
                    type = ColumnType.String;
                    text = StringValue(value, start, ref reader);
                    break;
                case JsonTokenType.Number:
                    type = reader.TryGetInt64(out _) ? ColumnType.Long : ColumnType.Double;
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    type = ColumnType.Boolean;
                    break;
            }
            cells.Add(new JsonCell(field, type, start, (int)reader.BytesConsumed - start, text));
        }
        reader.Read();
        return null;
    }

    // A string with no escapes is its own bytes between the quotes, once they are known to be UTF-8; anything else is
    // unescaped by the reader, which throws the same exception for bad UTF-8 or a lone surrogate as decoding it did.
    private ReadOnlyMemory<byte> StringValue(ReadOnlyMemory<byte> value, int start, ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var text = value.Slice(start + 1, reader.ValueSpan.Length);
            if (Utf8.IsValid(text.Span))
            {
                return text;
            }
        }
        return _text.Unescape(ref reader);
    }

    private int FieldAt(int position, ref Utf8JsonReader reader)
    {
        if (position < _lastOrder.Count && reader.ValueTextEquals(_ids.Utf8NameOf(_lastOrder[position])))
        {
            return _lastOrder[position];
        }
        var field = _ids.IdOf(ref reader);
        if (position < _lastOrder.Count)
        {
            _lastOrder[position] = field;
        }
        else
        {
            _lastOrder.Add(field);
        }
        return field;
    }

    private bool TryReadUser(ConsumedRecord record, List<JsonCell> cells, int first, out UserFields user, [NotNullWhen(false)] out string? rejected)
    {
        user = default;
        rejected = null;
        var value = record.Value.Span;
        var id = Last(cells, first, _id);
        if (id?.Type is not ColumnType type)
        {
            rejected = $"no id: field '{_fields.Id}' is missing or null";
            return false;
        }
        ReadOnlyMemory<byte> idText;
        if (type == ColumnType.String)
        {
            idText = id.Value.Text;
        }
        else if (type is ColumnType.Long or ColumnType.Double)
        {
            idText = record.Value.Slice(id.Value.Start, id.Value.Length);
        }
        else
        {
            rejected = $"invalid id: field '{_fields.Id}' is {Article(id.Value, value)}, not a string or number";
            return false;
        }
        ReadOnlyMemory<byte>? ip = null;
        IpAddressKey address = default;
        if (Last(cells, first, _ip) is { Type: not null } ipCell)
        {
            ip = ipCell.Text;
            // Strict: IPAddress.TryParse also takes "10.1" and "1.2.3" (as 10.0.0.1 and 1.2.0.3), which no one means.
            if (ipCell.Type != ColumnType.String || !TryParseAddress(ipCell.Text.Span, out address))
            {
                rejected = $"invalid IP address in '{_fields.Ip}': {RawText(ipCell, value)}";
                return false;
            }
        }
        var gender = Last(cells, first, _gender);
        var country = Last(cells, first, _country);
        if ((NotText(gender, "gender", _fields.Gender, value) ?? NotText(country, "country", _fields.Country, value)) is { } wrongType)
        {
            rejected = wrongType;
            return false;
        }
        user = new UserFields(idText, TextOf(gender, record.Value), TextOf(country, record.Value), ip, address);
        return true;
    }

    // Addresses are short: decoded on the stack for the parser, which reads text.
    private static bool TryParseAddress(ReadOnlySpan<byte> utf8, out IpAddressKey address)
    {
        const int StackChars = 64;
        if (utf8.Length > StackChars)
        {
            return IpAddressParser.TryParse(Encoding.UTF8.GetString(utf8), out address);
        }
        Span<char> text = stackalloc char[StackChars];
        return IpAddressParser.TryParse(text[..Encoding.UTF8.GetChars(utf8, text)], out address);
    }

    // A gender or country that is a number, boolean, object or array would be counted under its JSON text ("7").
    private static string? NotText(JsonCell? cell, string what, string name, ReadOnlySpan<byte> value) => cell is { Type: { } type } c && type != ColumnType.String
        ? $"invalid {what}: field '{name}' is {Article(c, value)}, not a string"
        : null;

    private static string Article(in JsonCell cell, ReadOnlySpan<byte> value) => cell.Type switch
    {
        ColumnType.Long or ColumnType.Double => "a number",
        ColumnType.Boolean => "a boolean",
        _ => value[cell.Start] == (byte)'{' ? "an object" : "an array",
    };

    // The last occurrence of a field wins, as JsonElement.TryGetProperty has it.
    private static JsonCell? Last(List<JsonCell> cells, int first, int field)
    {
        for (var i = cells.Count - 1; i >= first; i--)
        {
            if (cells[i].Field == field)
            {
                return cells[i];
            }
        }
        return null;
    }

    // The null arm is typed: a bare null would become an empty slice through ReadOnlyMemory's conversion from arrays.
    private static ReadOnlyMemory<byte>? TextOf(JsonCell? cell, ReadOnlyMemory<byte> value) => cell switch
    {
        null or { Type: null } => (ReadOnlyMemory<byte>?)null,
        { Type: ColumnType.String } c => c.Text,
        { } c => value.Slice(c.Start, c.Length),
    };

    private static string RawText(in JsonCell cell, ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value.Slice(cell.Start, cell.Length));
}
