using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// ListGroups v0–5 (v1 throttle time, v3 flexible, v4 state filter, v5 type filter). Every group here is a classic
/// group, so a type filter without <c>classic</c> lists nothing. Unknown state names match no group.
/// </summary>
internal sealed class ListGroupsHandler(Groups.GroupCoordinator groups)
{
    /// <summary>Lists the groups matching the filters.</summary>
    public ListGroupsResponse Handle(ListGroupsRequest request)
    {
        if (request.TypesFilter.Count > 0 && !request.TypesFilter.Contains("classic", StringComparer.OrdinalIgnoreCase))
        {
            return new ListGroupsResponse(Protocol.ErrorCode.None, []);
        }

        var listed = groups.ListGroups()
            .Where(g => request.StatesFilter.Count == 0 || request.StatesFilter.Contains(g.State.ToString(), StringComparer.OrdinalIgnoreCase))
            .Select(g => new ListGroupsResponse.Group(g.GroupId, g.ProtocolType, g.State.ToString()))
            .ToList();
        return new ListGroupsResponse(Protocol.ErrorCode.None, listed);
    }
}
