namespace Kpipe.Pipeline.Sinks;

/// <summary>One named, typed column of a table; every column is nullable.</summary>
public sealed record TableColumn(string Name, ColumnType Type);
