// DescribeGroups: v0–v5. v1 adds throttle time, v3 authorized operations, v4 group instance id, v5 flexible.
// An unknown group is described as Dead with no members, as Kafka does. No ACLs here, so authorized operations
// are "not requested" unless asked, then every group operation.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Describes groups: state, protocol and members.</summary>
internal sealed class DescribeGroupsApi(Groups.GroupCoordinator groups) : ApiHandler<DescribeGroupsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DescribeGroups, 0, 5, 5);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DescribeGroupsApi(services.Groups);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>DescribeGroups request: group ids, and whether to include authorized operations.</summary>
    public sealed record Request(IReadOnlyList<string> Groups, bool IncludeAuthorizedOperations = false) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var groups = r.ReadStringArray(flex);
            var include = version >= 3 && r.ReadBool();
            r.SkipTaggedFields(flex);
            return new Request(groups, include);
        }
    }

    /// <summary>DescribeGroups response: per group its state string, protocol type, selected protocol (protocol_data) and members.</summary>
    public sealed record Response(IReadOnlyList<Response.Group> Groups, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>Kafka's "authorized operations not requested" marker.</summary>
        public const int OperationsNotRequested = int.MinValue;

        /// <summary>One described group.</summary>
        public sealed record Group(
            ErrorCode ErrorCode,
            string GroupId,
            string GroupState,
            string ProtocolType,
            string ProtocolData,
            IReadOnlyList<Member> Members,
            int AuthorizedOperations = OperationsNotRequested) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt16((short)ErrorCode);
                w.WriteString(GroupId, flex);
                w.WriteString(GroupState, flex);
                w.WriteString(ProtocolType, flex);
                w.WriteString(ProtocolData, flex);
                w.WriteArrayLength(Members.Count, flex);
                foreach (var member in Members)
                {
                    w.WriteString(member.MemberId, flex);
                    if (version >= 4)
                    {
                        w.WriteNullableString(member.GroupInstanceId, flex);
                    }

                    w.WriteString(member.ClientId, flex);
                    w.WriteString(member.ClientHost, flex);
                    w.WriteNullableBytes(member.MemberMetadata, flex);
                    w.WriteNullableBytes(member.MemberAssignment, flex);
                    w.WriteEmptyTaggedFields(flex);
                }

                if (version >= 3)
                {
                    w.WriteInt32(AuthorizedOperations);
                }

                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>One member with its metadata and assignment bytes (empty unless the group is Stable).</summary>
        public sealed record Member(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] MemberMetadata, byte[] MemberAssignment);

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            if (version >= 1)
            {
                w.WriteInt32(ThrottleTimeMs);
            }

            w.WriteArray(Groups, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    // Kafka's ACL operation bits for a group: READ (3), DELETE (6), DESCRIBE (8).
    private const int AllGroupOperations = (1 << 3) | (1 << 6) | (1 << 8);

    private static ReadOnlySpan<AclOperation> GroupOperations => [AclOperation.Read, AclOperation.Delete, AclOperation.Describe];

    /// <summary>Describes each group.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        return new Response(
            [.. groups.DescribeGroups(request.Groups).Select(g => !access.AllowsGroup(g.GroupId, AclOperation.Describe)
                ? new Response.Group(Protocol.ErrorCode.GroupAuthorizationFailed, g.GroupId, "", "", "", [])
                : new Response.Group(
                Protocol.ErrorCode.None,
                g.GroupId,
                g.StateName,
                g.ProtocolType,
                g.Protocol,
                [.. g.Members.Select(m => new Response.Member(m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost, m.Metadata, m.Assignment))],
                !request.IncludeAuthorizedOperations ? Response.OperationsNotRequested
                    : access.Enabled ? access.AuthorizedOperations(AclResourceType.Group, g.GroupId, GroupOperations) : AllGroupOperations))]);
    }
}
