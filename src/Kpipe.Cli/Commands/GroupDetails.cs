namespace Kpipe.Cli.Commands;

/// <summary>What <c>kpipe group describe</c> shows: state, assignor, members and per-partition committed offset, log end and lag.</summary>
internal sealed record GroupDetails(string GroupId, string State, string Assignor, IReadOnlyList<GroupMemberInfo> Members, IReadOnlyList<GroupPartitionLag> Partitions)
{
    /// <summary>The sum of the partitions' lag, or null when the group has committed nothing.</summary>
    public long? TotalLag => Partitions.Any(p => p.Lag is not null) ? Partitions.Sum(p => p.Lag ?? 0) : null;
}
