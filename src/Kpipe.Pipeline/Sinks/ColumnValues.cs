namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// One column of a <see cref="ColumnarTable"/>: a value per row, null where the row has none. The concrete type is
/// <see cref="ColumnValues{T}"/> with the element type its <see cref="ColumnType"/> names.
/// </summary>
public abstract class ColumnValues
{
    /// <summary>How many rows the column holds.</summary>
    public abstract int Count { get; }

    /// <summary>The value at <paramref name="row"/> as a row of <see cref="ITableWriter"/> holds it (boxed; for tests and small tables).</summary>
    public abstract object? ValueAt(int row);
}
