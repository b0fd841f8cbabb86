namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// The event ids of the job runtime's log lines, stable so that tools reading a job's log (<c>--log-format json</c>
/// writes them as <c>EventId</c>) can find its milestones without parsing the text.
/// </summary>
public static class JobEvents
{
    /// <summary>The runtime has restored its checkpoint and is about to join the group.</summary>
    public const int Starting = 1;

    /// <summary>A planned but uncommitted batch re-runs.</summary>
    public const int Replaying = 2;

    /// <summary>A planned but uncommitted batch re-runs without the ranges another instance now owns.</summary>
    public const int PendingNarrowed = 3;

    /// <summary>The run read its first record.</summary>
    public const int FirstRecord = 4;

    /// <summary>A batch's commit entry is written.</summary>
    public const int BatchCommitted = 5;

    /// <summary>A batch's offsets could not be committed to the group.</summary>
    public const int OffsetCommitFailed = 6;

    /// <summary>The running batch was abandoned after a failure.</summary>
    public const int BatchAbandoned = 7;

    /// <summary>The consumer reported an error it recovers from.</summary>
    public const int ConsumeError = 8;

    /// <summary>Partitions were revoked from this instance.</summary>
    public const int Revoked = 9;

    /// <summary>The run stops.</summary>
    public const int Stopping = 10;
}
