// ListGroups: v0–v5. v1 adds throttle time, v3 flexible, v4 a state filter, v5 a type filter (empty = all).
// Every group here is a classic group, so a type filter without classic lists nothing. Unknown state names match
// no group.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Lists the groups, optionally filtered by state and type.</summary>
internal sealed class ListGroupsApi(Groups.GroupCoordinator groups) : ApiHandler<ListGroupsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.ListGroups, 0, 5, 3);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new ListGroupsApi(services.Groups);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>ListGroups request: state and type filters (empty = all).</summary>
    public sealed record Request(IReadOnlyList<string> StatesFilter, IReadOnlyList<string> TypesFilter) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var states = version >= 4 ? r.ReadStringArray(flex) : [];
            var types = version >= 5 ? r.ReadStringArray(flex) : [];
            r.SkipTaggedFields(flex);
            return new Request(states, types);
        }
    }

    /// <summary>ListGroups response: every group with its protocol type, state and type (always <c>classic</c> here).</summary>
    public sealed record Response(ErrorCode ErrorCode, IReadOnlyList<Response.Group> Groups, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One listed group.</summary>
        public sealed record Group(string GroupId, string ProtocolType, string GroupState, string GroupType = "classic") : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteString(GroupId, flex);
                w.WriteString(ProtocolType, flex);
                if (version >= 4)
                {
                    w.WriteString(GroupState, flex);
                }

                if (version >= 5)
                {
                    w.WriteString(GroupType, flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            if (version >= 1)
            {
                w.WriteInt32(ThrottleTimeMs);
            }

            w.WriteInt16((short)ErrorCode);
            w.WriteArray(Groups, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Lists the groups matching the filters.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        // As Kafka: DESCRIBE on the cluster lists every group; otherwise only the groups the sender may describe.
        var everyGroup = access.AllowsCluster(AclOperation.Describe);
        if (request.TypesFilter.Count > 0 && !request.TypesFilter.Contains("classic", StringComparer.OrdinalIgnoreCase))
        {
            return new Response(Protocol.ErrorCode.None, []);
        }

        var listed = groups.ListGroups()
            .Where(g => everyGroup || access.AllowsGroup(g.GroupId, AclOperation.Describe))
            .Where(g => request.StatesFilter.Count == 0 || request.StatesFilter.Contains(g.State.ToString(), StringComparer.OrdinalIgnoreCase))
            .Select(g => new Response.Group(g.GroupId, g.ProtocolType, g.State.ToString()))
            .ToList();
        return new Response(Protocol.ErrorCode.None, listed);
    }
}
