namespace Kpipe.Pipeline.Runtime;

/// <summary>Why a job run ended.</summary>
public enum JobStopReason
{
    /// <summary>Cancelled (Ctrl-C); the batch in progress was finished or abandoned without a visible trace.</summary>
    Cancelled,

    /// <summary>No record arrived for the <c>--until-idle</c> duration.</summary>
    Idle,

    /// <summary>The <c>--max-batches</c> count was reached.</summary>
    MaxBatches,
}
