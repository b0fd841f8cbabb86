namespace Kpipe.Broker.Groups;

/// <summary>One member named in LeaveGroup; an instance id with an empty member id removes a static member administratively.</summary>
public sealed record LeaveGroupMember(string MemberId, string? GroupInstanceId);
