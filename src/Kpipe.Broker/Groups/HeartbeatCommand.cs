namespace Kpipe.Broker.Groups;

/// <summary>A decoded Heartbeat (group instance id from v3).</summary>
public sealed record HeartbeatCommand(string GroupId, int GenerationId, string MemberId, string? GroupInstanceId);
