using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// DescribeGroups v0–5 (v1 throttle time, v3 authorized operations, v4 group instance id, v5 flexible). An unknown group
/// is described as Dead with no members, as Kafka does. No ACLs here, so authorized operations are "not requested"
/// unless asked, then every group operation.
/// </summary>
internal sealed class DescribeGroupsHandler(Groups.GroupCoordinator groups)
{
    // Kafka's ACL operation bits for a group: READ (3), DELETE (6), DESCRIBE (8).
    private const int AllGroupOperations = (1 << 3) | (1 << 6) | (1 << 8);

    /// <summary>Describes each group.</summary>
    public DescribeGroupsResponse Handle(DescribeGroupsRequest request)
    {
        var operations = request.IncludeAuthorizedOperations ? AllGroupOperations : DescribeGroupsResponse.OperationsNotRequested;
        return new DescribeGroupsResponse(
            [.. groups.DescribeGroups(request.Groups).Select(g => new DescribeGroupsResponse.Group(
                Protocol.ErrorCode.None,
                g.GroupId,
                g.StateName,
                g.ProtocolType,
                g.Protocol,
                [.. g.Members.Select(m => new DescribeGroupsResponse.Member(m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost, m.Metadata, m.Assignment))],
                operations))]);
    }
}
