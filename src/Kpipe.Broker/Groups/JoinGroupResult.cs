using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Groups;

/// <summary>The answer to a JoinGroup; only the leader gets <see cref="Members"/>.</summary>
public sealed record JoinGroupResult(
    ErrorCode Error,
    int GenerationId,
    string? ProtocolType,
    string? ProtocolName,
    string LeaderId,
    string MemberId,
    IReadOnlyList<JoinGroupMember> Members)
{
    /// <summary>A failed join: generation -1, no protocol, and the member id the client should use next (may be empty).</summary>
    public static JoinGroupResult Failed(ErrorCode error, string memberId = "") => new(error, -1, null, null, "", memberId, []);
}
