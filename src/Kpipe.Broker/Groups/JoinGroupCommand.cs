namespace Kpipe.Broker.Groups;

/// <summary>
/// A decoded JoinGroup. <see cref="RequireKnownMemberId"/> is true from v4 (an empty member id gets MEMBER_ID_REQUIRED);
/// v0 has no rebalance timeout, so its handler passes the session timeout there.
/// </summary>
public sealed record JoinGroupCommand(
    string GroupId,
    string MemberId,
    string? GroupInstanceId,
    string ProtocolType,
    IReadOnlyList<GroupProtocol> Protocols,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    string ClientId,
    string ClientHost,
    bool RequireKnownMemberId);
