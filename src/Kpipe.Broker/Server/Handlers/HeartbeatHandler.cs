using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>Heartbeat v0–3 (v1 throttle time, v3 group instance id): keeps the member's session alive; REBALANCE_IN_PROGRESS asks it to rejoin.</summary>
internal sealed class HeartbeatHandler(Groups.GroupCoordinator groups)
{
    /// <summary>Restarts the member's session timer.</summary>
    public HeartbeatResponse Handle(HeartbeatRequest request) =>
        new(groups.Heartbeat(new Groups.HeartbeatCommand(request.GroupId, request.GenerationId, request.MemberId, request.GroupInstanceId)));
}
