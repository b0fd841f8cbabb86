// DeleteAcls: v0–v3 (v1 adds the pattern type, v2 flexible). Removes every stored ACL each filter selects and answers,
// per filter, the ACLs it removed; the file is rewritten before the answer. A filter with an UNKNOWN value gets
// INVALID_REQUEST on its own. Needs ALTER on the cluster (CLUSTER_AUTHORIZATION_FAILED); without --authorizer every
// filter gets SECURITY_DISABLED, as Kafka answers.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Deletes the ACLs filters select.</summary>
internal sealed class DeleteAclsApi : ApiHandler<DeleteAclsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DeleteAcls, 0, 3, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DeleteAclsApi();

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken)
    {
        if (AclWire.Authorized(call, AclOperation.Alter, out var error, out var message) is not { } authorizer)
        {
            return call.Respond(new Response([.. request.Filters.Select(_ => new Response.FilterResult(error, message, []))]));
        }

        return call.Respond(new Response([.. authorizer.Delete(request.Filters).Select(r => new Response.FilterResult(r.Error, r.Message, r.Deleted))]));
    }

    /// <summary>DeleteAcls request: the filters.</summary>
    public sealed record Request(IReadOnlyList<AclBindingFilter> Filters) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var count = r.ReadArrayCount(version.Flexible);
            var filters = new ArrayBuilder<AclBindingFilter>(count);
            for (var i = 0; i < count && !r.Failed; i++)
            {
                filters.Add(AclWire.ReadFilter(ref r, version));
                r.SkipTaggedFields(version.Flexible);
            }

            r.SkipTaggedFields(version.Flexible);
            return new Request(filters.ToArray());
        }
    }

    /// <summary>DeleteAcls response: per filter, its error or the ACLs it removed.</summary>
    public sealed record Response(IReadOnlyList<Response.FilterResult> FilterResults, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One filter's outcome.</summary>
        public sealed record FilterResult(ErrorCode ErrorCode, string? ErrorMessage, IReadOnlyList<AclBinding> MatchingAcls) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteInt16((short)ErrorCode);
                w.WriteNullableString(ErrorMessage, version.Flexible);
                w.WriteArrayLength(MatchingAcls.Count, version.Flexible);
                foreach (var acl in MatchingAcls)
                {
                    w.WriteInt16((short)ErrorCode.None);
                    w.WriteNullableString(null, version.Flexible);
                    w.WriteInt8((sbyte)acl.ResourceType);
                    w.WriteString(acl.ResourceName, version.Flexible);
                    AclWire.WritePatternType(w, version, acl.PatternType);
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
            w.WriteArray(FilterResults, version);
            w.WriteEmptyTaggedFields(version.Flexible);
        }
    }
}
