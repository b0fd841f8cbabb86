// DescribeAcls: v0–v3 (v1 adds the pattern type, v2 flexible). Lists the stored ACLs a filter selects, grouped by
// resource pattern; a filter with an UNKNOWN value gets INVALID_REQUEST. Needs DESCRIBE on the cluster
// (CLUSTER_AUTHORIZATION_FAILED); without --authorizer the answer is SECURITY_DISABLED, as Kafka's.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Lists the ACLs a filter selects.</summary>
internal sealed class DescribeAclsApi : ApiHandler<DescribeAclsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DescribeAcls, 0, 3, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DescribeAclsApi();

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken)
    {
        if (AclWire.Authorized(call, AclOperation.Describe, out var error, out var message) is not { } authorizer)
        {
            return call.Respond(new Response(error, message, []));
        }

        if (request.Filter.Invalid() is { } invalid)
        {
            return call.Respond(new Response(ErrorCode.InvalidRequest, invalid, []));
        }

        var resources = authorizer.Describe(request.Filter)
            .GroupBy(acl => (acl.ResourceType, acl.ResourceName, acl.PatternType))
            .Select(g => new Response.Resource(g.Key.ResourceType, g.Key.ResourceName, g.Key.PatternType, [.. g]))
            .ToArray();
        return call.Respond(new Response(ErrorCode.None, null, resources));
    }

    /// <summary>DescribeAcls request: one filter.</summary>
    public sealed record Request(AclBindingFilter Filter) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var filter = AclWire.ReadFilter(ref r, version);
            r.SkipTaggedFields(version.Flexible);
            return new Request(filter);
        }
    }

    /// <summary>DescribeAcls response: an error, or the selected ACLs per resource pattern.</summary>
    public sealed record Response(ErrorCode ErrorCode, string? ErrorMessage, IReadOnlyList<Response.Resource> Resources, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One resource pattern and its ACLs.</summary>
        public sealed record Resource(AclResourceType ResourceType, string ResourceName, AclPatternType PatternType, IReadOnlyList<AclBinding> Acls) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteInt8((sbyte)ResourceType);
                w.WriteString(ResourceName, version.Flexible);
                AclWire.WritePatternType(w, version, PatternType);
                w.WriteArrayLength(Acls.Count, version.Flexible);
                foreach (var acl in Acls)
                {
                    w.WriteString(acl.Principal, version.Flexible);
                    w.WriteString(acl.Host, version.Flexible);
                    w.WriteInt8((sbyte)acl.Operation);
                    w.WriteInt8((sbyte)acl.Permission);
                    w.WriteEmptyTaggedFields(version.Flexible);
                }

                w.WriteEmptyTaggedFields(version.Flexible);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteInt16((short)ErrorCode);
            w.WriteNullableString(ErrorMessage, version.Flexible);
            w.WriteArray(Resources, version);
            w.WriteEmptyTaggedFields(version.Flexible);
        }
    }
}
