namespace Kpipe.Pipeline.Sinks;

/// <summary>The ordered columns of a table a job writes.</summary>
public sealed record TableSchema(IReadOnlyList<TableColumn> Columns)
{
    /// <summary>Builds a schema from (name, type) pairs.</summary>
    public static TableSchema Of(params (string Name, ColumnType Type)[] columns) =>
        new(columns.Select(c => new TableColumn(c.Name, c.Type)).ToArray());

    /// <summary>Whether both schemas have the same columns in the same order.</summary>
    public bool SameAs(TableSchema other) => Columns.SequenceEqual(other.Columns);
}
