// JoinGroup: v0–v5. v1 adds the rebalance timeout (v0 uses the session timeout instead, as Kafka does), v2
// throttle time, v4 MEMBER_ID_REQUIRED for a first join, v5 group instance id. Protocol metadata is copied out of
// the frame because the coordinator keeps it beyond the request. The answer is often parked until the group's
// join phase ends; the logic lives in Groups.GroupCoordinator.
// We deliberately do not serve v6+ (flexible, reason): classic protocol only.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Joins a member to a classic consumer group and answers with its generation.</summary>
internal sealed class JoinGroupApi(Groups.GroupCoordinator groups) : ApiHandler<JoinGroupApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.JoinGroup, 0, 5, 6);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new JoinGroupApi(services.Groups);

    /// <inheritdoc />
    protected override async ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Write(!call.Access.AllowsGroup(request.GroupId, AclOperation.Read)
            ? new Response(Protocol.ErrorCode.GroupAuthorizationFailed, -1, null, null, "", request.MemberId, [])
            : await HandleAsync(request, call.Version, call.Header.ClientId, call.ClientHost, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// JoinGroup request: the member, its timeouts and the assignors it supports.
    /// Protocol metadata is copied out of the frame because the coordinator keeps it beyond the request.
    /// </summary>
    public sealed record Request(
        string GroupId,
        int SessionTimeoutMs,
        int RebalanceTimeoutMs,
        string MemberId,
        string? GroupInstanceId,
        string ProtocolType,
        IReadOnlyList<Request.Protocol> Protocols,
        string? Reason = null) : IRequestBody<Request>
    {
        /// <summary>One assignor the member supports, with its metadata.</summary>
        public sealed record Protocol(string Name, byte[] Metadata) : IWireReadable<Protocol>
        {
            /// <summary>Decodes one entry.</summary>
            public static Protocol Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var name = r.ReadString(flex);
                r.ReadNullableBytes(flex, out var metadata);
                r.SkipTaggedFields(flex);
                return new Protocol(name, metadata.ToArray());
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var groupId = r.ReadString(flex);
            var sessionTimeout = r.ReadInt32();
            var rebalanceTimeout = version >= 1 ? r.ReadInt32() : -1;
            var memberId = r.ReadString(flex);
            var instanceId = version >= 5 ? r.ReadNullableString(flex) : null;
            var protocolType = r.ReadString(flex);
            var protocols = r.ReadArray<Protocol>(version);
            var reason = version >= 8 ? r.ReadNullableString(flex) : null;
            r.SkipTaggedFields(flex);
            return new Request(groupId, sessionTimeout, rebalanceTimeout, memberId, instanceId, protocolType, protocols, reason);
        }
    }

    /// <summary>JoinGroup response: generation, selected protocol, leader, this member's id and, for the leader, every member.</summary>
    public sealed record Response(
        ErrorCode ErrorCode,
        int GenerationId,
        string? ProtocolType,
        string? ProtocolName,
        string Leader,
        string MemberId,
        IReadOnlyList<Response.Member> Members,
        bool SkipAssignment = false,
        int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>A member as the leader sees it.</summary>
        public sealed record Member(string MemberId, string? GroupInstanceId, byte[] Metadata) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteString(MemberId, flex);
                if (version >= 5)
                {
                    w.WriteNullableString(GroupInstanceId, flex);
                }

                w.WriteNullableBytes(Metadata, flex);
                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body; before v7 a missing protocol name is written as an empty string.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            if (version >= 2)
            {
                w.WriteInt32(ThrottleTimeMs);
            }

            w.WriteInt16((short)ErrorCode);
            w.WriteInt32(GenerationId);
            if (version >= 7)
            {
                w.WriteNullableString(ProtocolType, flex);
                w.WriteNullableString(ProtocolName, flex);
            }
            else
            {
                w.WriteString(ProtocolName ?? string.Empty, flex);
            }

            w.WriteString(Leader, flex);
            if (version >= 9)
            {
                w.WriteBool(SkipAssignment);
            }

            w.WriteString(MemberId, flex);
            w.WriteArray(Members, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Joins the member and waits for its generation.</summary>
    public async Task<Response> HandleAsync(Request request, short version, string? clientId, string clientHost, CancellationToken cancellationToken)
    {
        var result = await groups.JoinGroupAsync(
            new Groups.JoinGroupCommand(
                request.GroupId,
                request.MemberId,
                request.GroupInstanceId,
                request.ProtocolType,
                [.. request.Protocols.Select(p => new Groups.GroupProtocol(p.Name, p.Metadata))],
                request.SessionTimeoutMs,
                version == 0 ? request.SessionTimeoutMs : request.RebalanceTimeoutMs,
                clientId ?? "",
                clientHost,
                RequireKnownMemberId: version >= 4),
            cancellationToken);
        return new Response(
            result.Error,
            result.GenerationId,
            result.ProtocolType,
            result.ProtocolName,
            result.LeaderId,
            result.MemberId,
            [.. result.Members.Select(m => new Response.Member(m.MemberId, m.GroupInstanceId, m.Metadata))]);
    }
}
