// FindCoordinator: v0–v2. v1 adds key type, throttle time and error message. On a single node this broker
// coordinates every group and every transactional id (key type 1), so it always answers with itself (an empty group
// id too, as Kafka does; JoinGroup refuses it). Other key types get INVALID_REQUEST.
// We deliberately do not serve v3+ (flexible) or v4+ (batched keys).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Names the group or transaction coordinator: always this node.</summary>
internal sealed class FindCoordinatorApi(BrokerContext context) : ApiHandler<FindCoordinatorApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.FindCoordinator, 0, 2, 3);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new FindCoordinatorApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>FindCoordinator request: a group or transactional id, and which of the two it is.</summary>
    public sealed record Request(string Key, sbyte KeyType = 0) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var key = r.ReadString(flex);
            var keyType = version >= 1 ? r.ReadInt8() : (sbyte)0;
            r.SkipTaggedFields(flex);
            return new Request(key, keyType);
        }
    }

    /// <summary>FindCoordinator response: the coordinator's node, host and port, or an error.</summary>
    public sealed record Response(ErrorCode ErrorCode, string? ErrorMessage, int NodeId, string Host, int Port, int ThrottleTimeMs = 0) : IResponseBody
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
            if (version >= 1)
            {
                w.WriteNullableString(ErrorMessage, flex);
            }

            w.WriteInt32(NodeId);
            w.WriteString(Host, flex);
            w.WriteInt32(Port);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    private const sbyte GroupKeyType = 0;
    private const sbyte TransactionKeyType = 1;

    /// <summary>Points the client at this node.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        if (request.KeyType == GroupKeyType && !access.AllowsGroup(request.Key, AclOperation.Describe))
        {
            return new Response(ErrorCode.GroupAuthorizationFailed, $"{access.Principal} may not DESCRIBE group '{request.Key}'", -1, "", -1);
        }

        if (request.KeyType == TransactionKeyType && !access.AllowsTransactionalId(request.Key, AclOperation.Describe))
        {
            return new Response(ErrorCode.TransactionalIdAuthorizationFailed, $"{access.Principal} may not DESCRIBE transactional id '{request.Key}'", -1, "", -1);
        }

        if (request.KeyType is not (GroupKeyType or TransactionKeyType))
        {
            return new Response(ErrorCode.InvalidRequest, $"unknown coordinator key type {request.KeyType}; 0 is a group, 1 a transactional id", -1, "", -1);
        }

        return new Response(ErrorCode.None, null, context.NodeId, context.AdvertisedHost, context.AdvertisedPort);
    }
}
