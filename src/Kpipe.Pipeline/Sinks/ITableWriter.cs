namespace Kpipe.Pipeline.Sinks;

/// <summary>Writes a <see cref="ColumnarTable"/> to one file in one format.</summary>
public interface ITableWriter
{
    /// <summary>Writes the whole file at <paramref name="path"/> (replacing any), flushed to disk before returning.</summary>
    Task WriteAsync(string path, ColumnarTable table, CancellationToken cancellationToken);
}
