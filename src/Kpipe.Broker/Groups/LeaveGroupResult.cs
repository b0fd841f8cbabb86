using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Groups;

/// <summary>The answer to a LeaveGroup: a group-level error, else one result per member (v0–2 handlers report the single member's error at the top).</summary>
public sealed record LeaveGroupResult(ErrorCode Error, IReadOnlyList<LeaveGroupMemberResult> Members);
