using Parquet;
using Parquet.Schema;

namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// Writes a table as one Parquet row group through Parquet.Net (Snappy, optional columns, timestamps as UTC micros),
/// which Spark, DuckDB, pandas and Arrow read.
/// </summary>
public sealed class ParquetTableWriter : ITableWriter
{
    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Snappy, DictionaryEncodingSampleSize = 10_000 };

    /// <inheritdoc />
    public async Task WriteAsync(string path, TableSchema schema, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var fields = schema.Columns.Select(FieldOf).ToArray();
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file, Options, cancellationToken: cancellationToken))
        {
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < fields.Length; i++)
            {
                await WriteColumnAsync(group, fields[i], schema.Columns[i].Type, rows, i, cancellationToken);
            }
        }
        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
    }

    private static DataField FieldOf(TableColumn column) => column.Type switch
    {
        ColumnType.Boolean => new DataField<bool?>(column.Name),
        ColumnType.Long => new DataField<long?>(column.Name),
        ColumnType.Double => new DataField<double?>(column.Name),
        ColumnType.Timestamp => new DateTimeDataField(column.Name, DateTimeFormat.DateAndTimeMicros, isAdjustedToUTC: true, isNullable: true),
        ColumnType.String or ColumnType.Json => new DataField<string>(column.Name, nullable: true),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    private static Task WriteColumnAsync(ParquetRowGroupWriter group, DataField field, ColumnType type, IReadOnlyList<object?[]> rows, int column, CancellationToken cancellationToken) =>
        type switch
        {
            ColumnType.Boolean => group.WriteAsync<bool>(field, Values<bool>(rows, column, v => (bool)v), cancellationToken: cancellationToken),
            ColumnType.Long => group.WriteAsync<long>(field, Values<long>(rows, column, v => (long)v), cancellationToken: cancellationToken),
            ColumnType.Double => group.WriteAsync<double>(field, Values<double>(rows, column, v => (double)v), cancellationToken: cancellationToken),
            ColumnType.Timestamp => group.WriteAsync<DateTime>(field, Values<DateTime>(rows, column, v => ((DateTimeOffset)v).UtcDateTime), cancellationToken: cancellationToken),
            _ => group.WriteAsync(field, Strings(rows, column)!),
        };

    private static string?[] Strings(IReadOnlyList<object?[]> rows, int column)
    {
        var values = new string?[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (string?)rows[i][column];
        }
        return values;
    }

    private static ReadOnlyMemory<T?> Values<T>(IReadOnlyList<object?[]> rows, int column, Func<object, T> convert)
        where T : struct
    {
        var values = new T?[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var value = rows[i][column];
            values[i] = value is null ? null : convert(value);
        }
        return values;
    }
}
