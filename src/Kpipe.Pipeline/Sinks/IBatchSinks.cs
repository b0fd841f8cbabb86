namespace Kpipe.Pipeline.Sinks;

/// <summary>
/// Where a job puts one batch's output: tables (one part file per table, partitioned by window) and dead letters.
/// Nothing becomes visible until the runtime commits the batch; then every file appears whole.
/// </summary>
public interface IBatchSinks
{
    /// <summary>
    /// Writes <paramref name="data"/> as this batch's part of <paramref name="table"/> (under a temporary name until
    /// commit). Different tables may be written at the same time.
    /// </summary>
    Task WriteTableAsync(string table, ColumnarTable data, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="data"/> as part <paramref name="part"/> of this batch's <paramref name="table"/>, for a
    /// table the job writes in several files side by side (part 0 is the file <see cref="WriteTableAsync"/> writes). A
    /// re-run of the batch must write the same parts.
    /// </summary>
    Task WriteTablePartAsync(string table, int part, ColumnarTable data, CancellationToken cancellationToken);

    /// <summary>Routes a bad record to the dead letters with its reason.</summary>
    void DeadLetter(DeadLetter letter);

    /// <summary>How many records this batch has routed to the dead letters so far.</summary>
    int DeadLetterCount { get; }
}
