using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// SyncGroup v0–3 (v1 throttle time, v3 group instance id). Followers are parked until the leader's assignment
/// arrives; the logic lives in <see cref="Groups.GroupCoordinator"/>. We do not serve v4+ (flexible, protocol type and name).
/// </summary>
internal sealed class SyncGroupHandler(Groups.GroupCoordinator groups)
{
    /// <summary>Hands in the leader's assignment (if any) and waits for this member's.</summary>
    public async Task<SyncGroupResponse> HandleAsync(SyncGroupRequest request, CancellationToken cancellationToken)
    {
        var result = await groups.SyncGroupAsync(
            new Groups.SyncGroupCommand(
                request.GroupId,
                request.GenerationId,
                request.MemberId,
                request.GroupInstanceId,
                request.ProtocolType,
                request.ProtocolName,
                [.. request.Assignments.Select(a => new Groups.SyncGroupAssignment(a.MemberId, a.Bytes))]),
            cancellationToken);
        return new SyncGroupResponse(result.Error, result.ProtocolType, result.ProtocolName, result.Assignment);
    }
}
