namespace Kpipe.Cli.Commands;

/// <summary>One partition of a group: committed offset (null when none), log end offset, lag and the member that owns it.</summary>
internal sealed record GroupPartitionLag(string Topic, int Partition, long? CommittedOffset, long LogEndOffset, string? Owner)
{
    /// <summary>Records the group has not consumed yet; null without a commit.</summary>
    public long? Lag => CommittedOffset is { } committed ? Math.Max(0, LogEndOffset - committed) : null;
}
