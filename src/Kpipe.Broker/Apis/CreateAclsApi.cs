// CreateAcls: v0–v3 (v1 adds the pattern type, v2 flexible). Stores each valid ACL in the data directory's acls.json
// before answering; an invalid one (ANY or UNKNOWN values, an empty name, a principal that is not TYPE:NAME, a cluster
// resource not named kafka-cluster) gets INVALID_REQUEST on its own. Needs ALTER on the cluster
// (CLUSTER_AUTHORIZATION_FAILED); without --authorizer every creation gets SECURITY_DISABLED, as Kafka answers.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Creates ACLs.</summary>
internal sealed class CreateAclsApi : ApiHandler<CreateAclsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.CreateAcls, 0, 3, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new CreateAclsApi();

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken)
    {
        if (AclWire.Authorized(call, AclOperation.Alter, out var error, out var message) is not { } authorizer)
        {
            return call.Respond(new Response([.. request.Creations.Select(_ => new Response.Result(error, message))]));
        }

        return call.Respond(new Response([.. authorizer.Create(request.Creations).Select(r => new Response.Result(r.Error, r.Message))]));
    }

    /// <summary>CreateAcls request: the ACLs to create.</summary>
    public sealed record Request(IReadOnlyList<AclBinding> Creations) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var count = r.ReadArrayCount(version.Flexible);
            var creations = new ArrayBuilder<AclBinding>(count);
            for (var i = 0; i < count && !r.Failed; i++)
            {
                var resourceType = (AclResourceType)r.ReadInt8();
                var resourceName = r.ReadString(version.Flexible);
                var patternType = AclWire.ReadPatternType(ref r, version);
                var principal = r.ReadString(version.Flexible);
                var host = r.ReadString(version.Flexible);
                var operation = (AclOperation)r.ReadInt8();
                var permission = (AclPermissionType)r.ReadInt8();
                r.SkipTaggedFields(version.Flexible);
                creations.Add(new AclBinding(resourceType, resourceName, patternType, principal, host, operation, permission));
            }

            r.SkipTaggedFields(version.Flexible);
            return new Request(creations.ToArray());
        }
    }

    /// <summary>CreateAcls response: one outcome per creation, in request order.</summary>
    public sealed record Response(IReadOnlyList<Response.Result> Results, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One creation's outcome.</summary>
        public sealed record Result(ErrorCode ErrorCode, string? ErrorMessage) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteInt16((short)ErrorCode);
                w.WriteNullableString(ErrorMessage, version.Flexible);
                w.WriteEmptyTaggedFields(version.Flexible);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteArray(Results, version);
            w.WriteEmptyTaggedFields(version.Flexible);
        }
    }
}
