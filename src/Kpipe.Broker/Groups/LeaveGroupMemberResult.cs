using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Groups;

/// <summary>The outcome of removing one member in LeaveGroup.</summary>
public sealed record LeaveGroupMemberResult(string MemberId, string? GroupInstanceId, ErrorCode Error);
