// LeaveGroup: v0–v3. v1 adds throttle time, v3 a batch of (member id, group instance id). v0–v2 carry one member,
// whose error is the top-level error; v3 answers per member.
// We deliberately do not serve v4+ (flexible, reason).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Removes members from a group.</summary>
internal sealed class LeaveGroupApi(Groups.GroupCoordinator groups) : ApiHandler<LeaveGroupApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.LeaveGroup, 0, 3, 4);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new LeaveGroupApi(services.Groups);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(call.Access.AllowsGroup(request.GroupId, AclOperation.Read) ? Handle(request, call.Version) : new Response(Protocol.ErrorCode.GroupAuthorizationFailed, []));

    /// <summary>LeaveGroup request: one member id up to v2, a batch of (member id, instance id) from v3.</summary>
    public sealed record Request(string GroupId, IReadOnlyList<Request.Member> Members) : IRequestBody<Request>
    {
        /// <summary>One leaving member; an instance id with an empty member id removes a static member (v3+).</summary>
        public sealed record Member(string MemberId, string? GroupInstanceId, string? Reason = null) : IWireReadable<Member>
        {
            /// <summary>Decodes one entry.</summary>
            public static Member Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var memberId = r.ReadString(flex);
                var instanceId = r.ReadNullableString(flex);
                var reason = version >= 5 ? r.ReadNullableString(flex) : null;
                r.SkipTaggedFields(flex);
                return new Member(memberId, instanceId, reason);
            }
        }

        /// <summary>Decodes the body; v0–2's single member id becomes a one-member batch.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var groupId = r.ReadString(flex);
            if (version <= 2)
            {
                var memberId = r.ReadString(flex);
                r.SkipTaggedFields(flex);
                return new Request(groupId, [new Member(memberId, null)]);
            }

            var members = r.ReadArray<Member>(version);
            r.SkipTaggedFields(flex);
            return new Request(groupId, members);
        }
    }

    /// <summary>LeaveGroup response: a top-level error and one error per member.</summary>
    public sealed record Response(ErrorCode ErrorCode, IReadOnlyList<Response.Member> Members, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>The outcome for one member (v3+).</summary>
        public sealed record Member(string MemberId, string? GroupInstanceId, ErrorCode ErrorCode) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteString(MemberId, flex);
                w.WriteNullableString(GroupInstanceId, flex);
                w.WriteInt16((short)ErrorCode);
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
            if (version >= 3)
            {
                w.WriteArray(Members, version);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Removes the members, which starts a rebalance of the rest.</summary>
    public Response Handle(Request request, short version)
    {
        var result = groups.LeaveGroup(request.GroupId, [.. request.Members.Select(m => new Groups.LeaveGroupMember(m.MemberId, m.GroupInstanceId))]);
        var members = result.Members.Select(m => new Response.Member(m.MemberId, m.GroupInstanceId, m.Error)).ToList();
        var error = version <= 2 && result.Error == ErrorCode.None && members.Count > 0 ? members[0].ErrorCode : result.Error;
        return new Response(error, members);
    }
}
