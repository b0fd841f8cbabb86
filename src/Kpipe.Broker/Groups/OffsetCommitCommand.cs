namespace Kpipe.Broker.Groups;

/// <summary>A decoded OffsetCommit; generation -1 with an empty member id is a "simple" commit from outside the group protocol.</summary>
public sealed record OffsetCommitCommand(
    string GroupId,
    int GenerationId,
    string MemberId,
    string? GroupInstanceId,
    IReadOnlyList<OffsetCommitEntry> Offsets);
