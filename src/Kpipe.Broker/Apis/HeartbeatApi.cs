// Heartbeat: v0–v3. v1 adds throttle time, v3 group instance id. Keeps the member's session alive;
// REBALANCE_IN_PROGRESS asks it to rejoin.
// We deliberately do not serve v4+ (flexible).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Keeps a group member's session alive.</summary>
internal sealed class HeartbeatApi(Groups.GroupCoordinator groups) : ApiHandler<HeartbeatApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.Heartbeat, 0, 3, 4);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new HeartbeatApi(services.Groups);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(call.Access.AllowsGroup(request.GroupId, AclOperation.Read) ? Handle(request) : new Response(Protocol.ErrorCode.GroupAuthorizationFailed));

    /// <summary>Heartbeat request: the member, its generation and its group instance id.</summary>
    public sealed record Request(string GroupId, int GenerationId, string MemberId, string? GroupInstanceId) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var request = new Request(r.ReadString(flex), r.ReadInt32(), r.ReadString(flex), version >= 3 ? r.ReadNullableString(flex) : null);
            r.SkipTaggedFields(flex);
            return request;
        }
    }

    /// <summary>Heartbeat response: an error code (REBALANCE_IN_PROGRESS asks the member to rejoin).</summary>
    public sealed record Response(ErrorCode ErrorCode, int ThrottleTimeMs = 0) : IResponseBody
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
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Restarts the member's session timer.</summary>
    public Response Handle(Request request) =>
        new(groups.Heartbeat(new Groups.HeartbeatCommand(request.GroupId, request.GenerationId, request.MemberId, request.GroupInstanceId)));
}
