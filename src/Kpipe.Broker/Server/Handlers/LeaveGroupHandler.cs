using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// LeaveGroup v0–3 (v1 throttle time, v3 a batch of members with group instance ids). v0–2 carry one member, whose error
/// is the top-level error; v3 answers per member. We do not serve v4+ (flexible, reason).
/// </summary>
internal sealed class LeaveGroupHandler(Groups.GroupCoordinator groups)
{
    /// <summary>Removes the members, which starts a rebalance of the rest.</summary>
    public LeaveGroupResponse Handle(LeaveGroupRequest request, short version)
    {
        var result = groups.LeaveGroup(request.GroupId, [.. request.Members.Select(m => new Groups.LeaveGroupMember(m.MemberId, m.GroupInstanceId))]);
        var members = result.Members.Select(m => new LeaveGroupResponse.Member(m.MemberId, m.GroupInstanceId, m.Error)).ToList();
        var error = version <= 2 && result.Error == ErrorCode.None && members.Count > 0 ? members[0].ErrorCode : result.Error;
        return new LeaveGroupResponse(error, members);
    }
}
