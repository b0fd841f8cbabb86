using System.Text.Json;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs.Schema;

/// <summary>
/// The schema Spark's JSON reader would infer: the union of the top-level fields seen, in name order, each with the
/// narrowest type all its values fit (long widens to double; mixed scalar kinds, or scalars mixed with nested values,
/// become string; objects and arrays stay nested JSON; a field only ever null is a string). Merging is monotonic, so a
/// schema carried across batches only ever widens.
/// </summary>
public sealed class InferredSchema
{
    // Null value = every value seen so far was JSON null.
    private readonly SortedDictionary<string, ColumnType?> _fields = new(StringComparer.Ordinal);

    /// <summary>How many fields are known.</summary>
    public int Count => _fields.Count;

    /// <summary>Widens the schema with the top-level fields of one JSON object.</summary>
    public void Observe(JsonElement record)
    {
        foreach (var property in record.EnumerateObject())
        {
            Observe(property.Name, TypeOf(property.Value));
        }
    }

    /// <summary>Widens the schema with one value of type <paramref name="type"/> (null for JSON null) in field <paramref name="name"/>.</summary>
    public void Observe(string name, ColumnType? type) =>
        _fields[name] = _fields.TryGetValue(name, out var known) ? Widen(known, type) : type;

    private static ColumnType? TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True or JsonValueKind.False => ColumnType.Boolean,
        JsonValueKind.Number => value.TryGetInt64(out _) ? ColumnType.Long : ColumnType.Double,
        JsonValueKind.String => ColumnType.String,
        _ => ColumnType.Json,
    };

    /// <summary>The narrowest type both <paramref name="a"/> and <paramref name="b"/> fit (null stands for only-null).</summary>
    internal static ColumnType? Widen(ColumnType? a, ColumnType? b)
    {
        if (a is null || a == b)
        {
            return b ?? a;
        }
        if (b is null)
        {
            return a;
        }
        return (a, b) switch
        {
            (ColumnType.Long, ColumnType.Double) or (ColumnType.Double, ColumnType.Long) => ColumnType.Double,
            _ => ColumnType.String,
        };
    }

    /// <summary>Widens this schema with every field of <paramref name="other"/>.</summary>
    public void Merge(InferredSchema other)
    {
        foreach (var (name, type) in other._fields)
        {
            _fields[name] = _fields.TryGetValue(name, out var known) ? Widen(known, type) : type;
        }
    }

    /// <summary>The columns, in name order, leaving out names in <paramref name="reserved"/>.</summary>
    public IReadOnlyList<TableColumn> Columns(ISet<string>? reserved = null) =>
        _fields.Where(f => reserved is null || !reserved.Contains(f.Key))
            .Select(f => new TableColumn(f.Key, f.Value ?? ColumnType.String))
            .ToArray();

    /// <summary>The value of a JSON field as a column of <paramref name="type"/> holds it (see <see cref="ITableWriter"/>).</summary>
    public static object? ValueOf(JsonElement value, ColumnType type) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number when type == ColumnType.Long && value.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number when type == ColumnType.Double => value.GetDouble(),
        JsonValueKind.True or JsonValueKind.False when type == ColumnType.Boolean => value.GetBoolean(),
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    /// <summary>The schema as text, for a job's checkpointed state.</summary>
    public string Serialize() =>
        JsonSerializer.Serialize(_fields.ToDictionary(f => f.Key, f => f.Value?.ToString()), SchemaJsonContext.Default.DictionaryStringString);

    /// <summary>A schema read back from <see cref="Serialize"/>; empty for null.</summary>
    public static InferredSchema Deserialize(string? text)
    {
        var schema = new InferredSchema();
        if (text is null)
        {
            return schema;
        }
        var fields = JsonSerializer.Deserialize(text, SchemaJsonContext.Default.DictionaryStringString) ?? [];
        foreach (var (name, type) in fields)
        {
            schema._fields[name] = type is null ? null : Enum.Parse<ColumnType>(type);
        }
        return schema;
    }
}
