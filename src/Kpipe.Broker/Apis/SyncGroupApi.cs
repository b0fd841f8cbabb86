// SyncGroup: v0–v3. v1 adds throttle time, v3 group instance id. The leader sends the assignments; followers
// are parked until they arrive. The logic lives in Groups.GroupCoordinator.
// We deliberately do not serve v4+ (flexible; v5 protocol type and name).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Hands each member its assignment once the leader has sent them.</summary>
internal sealed class SyncGroupApi(Groups.GroupCoordinator groups) : ApiHandler<SyncGroupApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.SyncGroup, 0, 3, 4);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new SyncGroupApi(services.Groups);

    /// <inheritdoc />
    protected override async ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Write(!call.Access.AllowsGroup(request.GroupId, AclOperation.Read)
            ? new Response(Protocol.ErrorCode.GroupAuthorizationFailed, null, null, [])
            : await HandleAsync(request, cancellationToken).ConfigureAwait(false));

    /// <summary>SyncGroup request: the member and, from the leader, the assignments.</summary>
    public sealed record Request(
        string GroupId,
        int GenerationId,
        string MemberId,
        string? GroupInstanceId,
        string? ProtocolType,
        string? ProtocolName,
        IReadOnlyList<Request.Assignment> Assignments) : IRequestBody<Request>
    {
        /// <summary>One member's assignment bytes, copied out of the frame.</summary>
        public sealed record Assignment(string MemberId, byte[] Bytes) : IWireReadable<Assignment>
        {
            /// <summary>Decodes one entry.</summary>
            public static Assignment Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var member = r.ReadString(flex);
                r.ReadNullableBytes(flex, out var bytes);
                r.SkipTaggedFields(flex);
                return new Assignment(member, bytes.ToArray());
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var groupId = r.ReadString(flex);
            var generation = r.ReadInt32();
            var memberId = r.ReadString(flex);
            var instanceId = version >= 3 ? r.ReadNullableString(flex) : null;
            var protocolType = version >= 5 ? r.ReadNullableString(flex) : null;
            var protocolName = version >= 5 ? r.ReadNullableString(flex) : null;
            var assignments = r.ReadArray<Assignment>(version);
            r.SkipTaggedFields(flex);
            return new Request(groupId, generation, memberId, instanceId, protocolType, protocolName, assignments);
        }
    }

    /// <summary>SyncGroup response: this member's assignment.</summary>
    public sealed record Response(ErrorCode ErrorCode, string? ProtocolType, string? ProtocolName, byte[] Assignment, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            if (version >= 1)
            {
                w.WriteInt32(ThrottleTimeMs);
            }

            w.WriteInt16((short)ErrorCode);
            if (version >= 5)
            {
                w.WriteNullableString(ProtocolType, flex);
                w.WriteNullableString(ProtocolName, flex);
            }

            w.WriteNullableBytes(Assignment, flex);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Hands in the leader's assignment (if any) and waits for this member's.</summary>
    public async Task<Response> HandleAsync(Request request, CancellationToken cancellationToken)
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
        return new Response(result.Error, result.ProtocolType, result.ProtocolName, result.Assignment);
    }
}
