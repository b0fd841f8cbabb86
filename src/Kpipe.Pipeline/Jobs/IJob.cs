using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// A streaming job: turns each micro-batch into outputs. The runtime owns consuming, windows, checkpoints, sinks and
/// shutdown; a job must produce the same outputs when handed the same batch again.
/// </summary>
public interface IJob
{
    /// <summary>The job's name (<c>stream-metrics</c>).</summary>
    string Name { get; }

    /// <summary>The original stack's name for the job (<c>jobs.stream_spark</c>).</summary>
    string Alias { get; }

    /// <summary>Processes one batch, writing through <paramref name="sinks"/>; bad records go to dead letters, never throw.</summary>
    Task ProcessBatchAsync(JobBatch batch, IBatchSinks sinks, CancellationToken cancellationToken);
}
