using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>DeleteGroups v0–2 (v2 flexible): deletes empty groups with their offsets; NON_EMPTY_GROUP or GROUP_ID_NOT_FOUND otherwise.</summary>
internal sealed class DeleteGroupsHandler(Groups.GroupCoordinator groups)
{
    /// <summary>Deletes each group it may.</summary>
    public DeleteGroupsResponse Handle(DeleteGroupsRequest request) =>
        new([.. groups.DeleteGroups(request.GroupsNames).Select(r => new DeleteGroupsResponse.Result(r.GroupId, r.Error))]);
}
