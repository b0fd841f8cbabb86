using System.Globalization;
using System.Text;
using System.Text.Json;
using Parquet;

namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// Reads back a part file the sinks wrote, in any of the three formats, as rows of named values: JSON numbers as
/// <see cref="long"/> or <see cref="double"/>, Parquet values as their column type, CSV fields as text (null when empty and unquoted).
/// </summary>
public static class TableFileReader
{
    /// <summary>Reads every row of <paramref name="path"/>; its format is taken from its extension.</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!OutputFormats.TryFromPath(path, out var format))
        {
            throw new ArgumentException($"{path} is not a .json, .csv or .parquet part file", nameof(path));
        }
        return format switch
        {
            OutputFormat.Json => await ReadJsonLinesAsync(path, cancellationToken),
            OutputFormat.Csv => CsvParser.Parse(await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken)),
            _ => await ReadParquetAsync(path, cancellationToken),
        };
    }

    private static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadJsonLinesAsync(string path, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            if (line.Length == 0)
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                row[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number when property.Value.TryGetInt64(out var integer) => integer,
                    JsonValueKind.Number => property.Value.GetDouble(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
            rows.Add(row);
        }
        return rows;
    }

    private static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadParquetAsync(string path, CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken);
        var fields = reader.Schema.GetDataFields();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var columns = new object?[fields.Length][];
            for (var f = 0; f < fields.Length; f++)
            {
                columns[f] = await ReadColumnAsync(group, fields[f], count, cancellationToken);
            }
            for (var r = 0; r < count; r++)
            {
                var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var f = 0; f < fields.Length; f++)
                {
                    row[fields[f].Name] = columns[f][r];
                }
                rows.Add(row);
            }
        }
        return rows;
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, Parquet.Schema.DataField field, int count, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var strings = new string?[count];
            await group.ReadAsync(field, strings.AsMemory(), null, cancellationToken);
            return strings;
        }
        if (type == typeof(long))
        {
            return await ReadValuesAsync<long>(group, field, count, cancellationToken);
        }
        if (type == typeof(double))
        {
            return await ReadValuesAsync<double>(group, field, count, cancellationToken);
        }
        if (type == typeof(bool))
        {
            return await ReadValuesAsync<bool>(group, field, count, cancellationToken);
        }
        if (type == typeof(DateTime))
        {
            var instants = await ReadValuesAsync<DateTime>(group, field, count, cancellationToken);
            return instants.Select(v => v is DateTime d ? (object)new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null).ToArray();
        }
        throw new NotSupportedException($"column {field.Name} has type {type.Name}, which kpipe's sinks never write");
    }

    private static async Task<object?[]> ReadValuesAsync<T>(ParquetRowGroupReader group, Parquet.Schema.DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[count];
        await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
        return values.Select(v => v.HasValue ? (object)v.Value : null).ToArray();
    }

    /// <summary>Reads a value of a row as a count (JSON number, Parquet long or CSV text); 0 when absent.</summary>
    public static long Count(IReadOnlyDictionary<string, object?> row, string column) => row.GetValueOrDefault(column) switch
    {
        null => 0,
        long value => value,
        double value => (long)value,
        string text => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
        var other => throw new FormatException($"column {column} holds {other.GetType().Name}, not a count"),
    };

    /// <summary>Reads a value of a row as text (numbers in invariant form); null when absent.</summary>
    public static string? Text(IReadOnlyDictionary<string, object?> row, string column) => row.GetValueOrDefault(column) switch
    {
        null => null,
        string text => text,
        long value => value.ToString(CultureInfo.InvariantCulture),
        double value => value.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset instant => UtcTimestampText.Of(instant.UtcDateTime),
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };
}
