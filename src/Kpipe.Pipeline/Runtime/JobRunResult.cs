namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// What one run of a job did: batches completed (re-runs included), records processed, and why it stopped; with when it
/// read its first record (null when it read none), from which a run's rate counts.
/// </summary>
public sealed record JobRunResult(int Batches, long Records, bool ReplayedPendingBatch, JobStopReason StopReason, DateTimeOffset? FirstRecordAt = null);
