namespace Kpipe.Pipeline.Runtime;

/// <summary>The commit log entry <c>commits/&lt;batchId&gt;</c>: the batch's outputs are in place, with the job state after it.</summary>
public sealed record BatchCommit(long BatchId, string? JobState);
