namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// One column of a <see cref="ColumnarTable"/>: a value per row, null where the row has none. The concrete type is
/// <see cref="ColumnValues{T}"/> with the element type its <see cref="ColumnType"/> names.
/// </summary>
public abstract class ColumnValues
{
    /// <summary>How many rows the column holds.</summary>
    public abstract int Count { get; }
}
