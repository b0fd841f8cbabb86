using Kpipe.Pipeline.Sinks;

namespace Kpipe.Bench;

/// <summary>
/// Batch sinks for running a job without its runtime: each table part goes to a file of its own through a writer
/// (Parquet for the job-cost benchmark), or nowhere when there is no writer; dead letters are only counted.
/// </summary>
internal sealed class FileTableSinks(string directory, ITableWriter? writer) : IBatchSinks
{
    private int _deadLetters;

    /// <inheritdoc />
    public int DeadLetterCount => _deadLetters;

    /// <inheritdoc />
    public Task WriteTableAsync(string table, ColumnarTable data, CancellationToken cancellationToken) =>
        WriteTablePartAsync(table, 0, data, cancellationToken);

    /// <inheritdoc />
    public Task WriteTablePartAsync(string table, int part, ColumnarTable data, CancellationToken cancellationToken) =>
        writer is null ? Task.CompletedTask : writer.WriteAsync(Path.Combine(directory, $"{table}-{part}.parquet"), data, cancellationToken);

    /// <inheritdoc />
    public void DeadLetter(DeadLetter letter) => Interlocked.Increment(ref _deadLetters);
}
