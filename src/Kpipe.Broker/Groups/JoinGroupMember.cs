namespace Kpipe.Broker.Groups;

/// <summary>A member as the leader sees it in its JoinGroup answer: id, static instance id and the selected protocol's metadata.</summary>
public sealed record JoinGroupMember(string MemberId, string? GroupInstanceId, byte[] Metadata);
