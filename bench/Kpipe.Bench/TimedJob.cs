using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Bench;

/// <summary>Wraps a job to note when its last batch finished.</summary>
public sealed class TimedJob(IJob inner, TimeProvider time) : IJob
{
    /// <summary>When the last batch's processing ended.</summary>
    public DateTimeOffset LastBatchDone { get; private set; }

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public string Alias => inner.Alias;

    /// <inheritdoc />
    public async Task ProcessBatchAsync(JobBatch batch, IBatchSinks sinks, CancellationToken cancellationToken)
    {
        await inner.ProcessBatchAsync(batch, sinks, cancellationToken);
        LastBatchDone = time.GetUtcNow();
    }
}
