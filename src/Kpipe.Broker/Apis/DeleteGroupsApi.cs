// DeleteGroups: v0–v2 (v2 flexible). Deletes empty groups with their offsets; NON_EMPTY_GROUP or
// GROUP_ID_NOT_FOUND otherwise.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Deletes empty groups and their offsets.</summary>
internal sealed class DeleteGroupsApi(Groups.GroupCoordinator groups) : ApiHandler<DeleteGroupsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DeleteGroups, 0, 2, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DeleteGroupsApi(services.Groups);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>DeleteGroups request: the group ids to delete.</summary>
    public sealed record Request(IReadOnlyList<string> GroupsNames) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var groups = r.ReadStringArray(flex);
            r.SkipTaggedFields(flex);
            return new Request(groups);
        }
    }

    /// <summary>DeleteGroups response: one error per group (NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND, …).</summary>
    public sealed record Response(IReadOnlyList<Response.Result> Results, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One group's outcome.</summary>
        public sealed record Result(string GroupId, ErrorCode ErrorCode) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteString(GroupId, flex);
                w.WriteInt16((short)ErrorCode);
                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt32(ThrottleTimeMs);
            w.WriteArray(Results, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Deletes each group it may.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        var refused = request.GroupsNames.Where(g => !access.AllowsGroup(g, AclOperation.Delete)).ToList();
        return new([.. groups.DeleteGroups([.. request.GroupsNames.Except(refused)]).Select(r => new Response.Result(r.GroupId, r.Error)),
            .. refused.Select(g => new Response.Result(g, Protocol.ErrorCode.GroupAuthorizationFailed))]);
    }
}
