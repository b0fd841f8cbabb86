using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Bench;

/// <summary>
/// Sinks that hand stream-metrics' records table, as the job built it, to a measurement while the job waits for it
/// (its arrays are only good until the batch ends), once the metrics tables are written so nothing else runs alongside.
/// Every other table is dropped.
/// </summary>
public sealed class RecordsTableProbe(Func<ColumnarTable, Task> measure) : IBatchSinks
{
    private readonly TaskCompletionSource _metricsWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public int DeadLetterCount => 0;

    /// <inheritdoc />
    public Task WriteTableAsync(string table, ColumnarTable data, CancellationToken cancellationToken)
    {
        // The job writes the users table last of the metrics, while the records table waits here.
        if (table == MetricsTables.Users)
        {
            _metricsWritten.TrySetResult();
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task WriteTablePartAsync(string table, int part, ColumnarTable data, CancellationToken cancellationToken)
    {
        await _metricsWritten.Task.WaitAsync(cancellationToken);
        await measure(data);
    }

    /// <inheritdoc />
    public void DeadLetter(DeadLetter letter)
    {
    }
}
