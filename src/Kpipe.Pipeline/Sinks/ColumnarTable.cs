namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// A table as writers take it: its schema and one <see cref="ColumnValues"/> per column, all of the same length. The
/// element type of each column follows its <see cref="ColumnType"/>: Boolean → bool, Long → long, Double → double,
/// Timestamp → <see cref="DateTimeOffset"/>, String and Json → <see cref="ReadOnlyMemory{T}"/> of char, or of byte
/// holding valid UTF-8 (Json holding the value's JSON text). Every writer writes both text kinds the same.
/// </summary>
public sealed class ColumnarTable
{
    /// <summary>Creates a table; throws when a column's length or element type does not fit the schema.</summary>
    public ColumnarTable(TableSchema schema, IReadOnlyList<ColumnValues> columns)
    {
        if (columns.Count != schema.Columns.Count)
        {
            throw new ArgumentException($"{columns.Count} columns for a schema of {schema.Columns.Count}", nameof(columns));
        }
        RowCount = columns.Count == 0 ? 0 : columns[0].Count;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Count != RowCount)
            {
                throw new ArgumentException($"column {schema.Columns[i].Name} has {columns[i].Count} rows, not {RowCount}", nameof(columns));
            }
            if (!Fits(schema.Columns[i].Type, columns[i]))
            {
                throw new ArgumentException($"column {schema.Columns[i].Name} ({schema.Columns[i].Type}) cannot hold {columns[i].GetType().Name}", nameof(columns));
            }
        }
        Schema = schema;
        Columns = columns;
    }

    /// <summary>The columns' names and types.</summary>
    public TableSchema Schema { get; }

    /// <summary>The values, column by column.</summary>
    public IReadOnlyList<ColumnValues> Columns { get; }

    /// <summary>How many rows the table has.</summary>
    public int RowCount { get; }

    /// <summary>
    /// Builds a table from rows whose values are typed by their column: <see cref="bool"/>, <see cref="long"/>,
    /// <see cref="double"/>, <see cref="DateTimeOffset"/>, or a string (JSON text for Json columns); null for none.
    /// </summary>
    public static ColumnarTable FromRows(TableSchema schema, IReadOnlyList<object?[]> rows)
    {
        var columns = new ColumnValues[schema.Columns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = schema.Columns[c].Type switch
            {
                ColumnType.Boolean => Column<bool>(rows, c, schema.Columns[c]),
                ColumnType.Long => Column<long>(rows, c, schema.Columns[c]),
                ColumnType.Double => Column<double>(rows, c, schema.Columns[c]),
                ColumnType.Timestamp => Column<DateTimeOffset>(rows, c, schema.Columns[c]),
                _ => TextColumn(rows, c, schema.Columns[c]),
            };
        }
        return new ColumnarTable(schema, columns);
    }

    private static bool Fits(ColumnType type, ColumnValues column) => type switch
    {
        ColumnType.Boolean => column is ColumnValues<bool>,
        ColumnType.Long => column is ColumnValues<long>,
        ColumnType.Double => column is ColumnValues<double>,
        ColumnType.Timestamp => column is ColumnValues<DateTimeOffset>,
        _ => column is ColumnValues<ReadOnlyMemory<char>> or ColumnValues<ReadOnlyMemory<byte>>,
    };

    private static ColumnValues<T> Column<T>(IReadOnlyList<object?[]> rows, int column, TableColumn definition)
        where T : struct
    {
        var values = new T?[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = rows[i][column] switch
            {
                null => (T?)null,
                T value => value,
                var other => throw new ArgumentException($"column {definition.Name} ({definition.Type}) cannot hold a {other.GetType().Name}"),
            };
        }
        return new ColumnValues<T>(values);
    }

    private static ColumnValues<ReadOnlyMemory<char>> TextColumn(IReadOnlyList<object?[]> rows, int column, TableColumn definition)
    {
        var values = new ReadOnlyMemory<char>?[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            // The null arm is typed: a bare null would become an empty slice through ReadOnlyMemory's conversion from arrays.
            values[i] = rows[i][column] switch
            {
                null => (ReadOnlyMemory<char>?)null,
                string text => text.AsMemory(),
                var other => throw new ArgumentException($"column {definition.Name} ({definition.Type}) cannot hold a {other.GetType().Name}"),
            };
        }
        return new ColumnValues<ReadOnlyMemory<char>>(values);
    }
}
