namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// Writes rows to one file in one format. Row values are typed by their column: <see cref="bool"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="string"/>, <see cref="DateTimeOffset"/>, or a JSON text string for
/// <see cref="ColumnType.Json"/>; null for a missing value.
/// </summary>
public interface ITableWriter
{
    /// <summary>Writes the whole file at <paramref name="path"/> (replacing any), flushed to disk before returning.</summary>
    Task WriteAsync(string path, TableSchema schema, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken);
}
