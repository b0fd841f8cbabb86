namespace Kpipe.Pipeline.Jobs;

/// <summary>What one run of a job did: batches completed (re-runs included), records processed, and why it stopped.</summary>
public sealed record JobRunResult(int Batches, long Records, bool ReplayedPendingBatch, JobStopReason StopReason);
