using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// JoinGroup v0–5 (v1 rebalance timeout, v2 throttle time, v4 MEMBER_ID_REQUIRED for a first join, v5 group instance
/// id). The answer is often parked until the group's join phase ends; the logic lives in <see cref="Groups.GroupCoordinator"/>.
/// v0 has no rebalance timeout, so the session timeout stands in, as in Kafka. We do not serve v6+ (flexible, reason).
/// </summary>
internal sealed class JoinGroupHandler(Groups.GroupCoordinator groups)
{
    /// <summary>Joins the member and waits for its generation.</summary>
    public async Task<JoinGroupResponse> HandleAsync(JoinGroupRequest request, short version, string? clientId, string clientHost, CancellationToken cancellationToken)
    {
        var result = await groups.JoinGroupAsync(
            new Groups.JoinGroupCommand(
                request.GroupId,
                request.MemberId,
                request.GroupInstanceId,
                request.ProtocolType,
                [.. request.Protocols.Select(p => new Groups.GroupProtocol(p.Name, p.Metadata))],
                request.SessionTimeoutMs,
                version == 0 ? request.SessionTimeoutMs : request.RebalanceTimeoutMs,
                clientId ?? "",
                clientHost,
                RequireKnownMemberId: version >= 4),
            cancellationToken);
        return new JoinGroupResponse(
            result.Error,
            result.GenerationId,
            result.ProtocolType,
            result.ProtocolName,
            result.LeaderId,
            result.MemberId,
            [.. result.Members.Select(m => new JoinGroupResponse.Member(m.MemberId, m.GroupInstanceId, m.Metadata))]);
    }
}
