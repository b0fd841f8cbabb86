// DescribeCluster: v0–v1, always flexible. v1 adds the endpoint type. This node is the only broker and the
// controller. An endpoint type other than brokers (1) gets INVALID_REQUEST, the closest Kafka answer here.
// We deliberately do not compute authorized operations (INT32_MIN).

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Describes the cluster: its id, controller and brokers (this one node).</summary>
internal sealed class DescribeClusterApi(BrokerContext context) : ApiHandler<DescribeClusterApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DescribeCluster, 0, 1, 0);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DescribeClusterApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>DescribeCluster request: the endpoint type and whether to include authorized operations.</summary>
    public sealed record Request(bool IncludeClusterAuthorizedOperations, sbyte EndpointType = 1) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var include = r.ReadBool();
            var endpoint = version >= 1 ? r.ReadInt8() : (sbyte)1;
            r.SkipTaggedFields(flex);
            return new Request(include, endpoint);
        }
    }

    /// <summary>DescribeCluster response: cluster id, controller and the broker list (this one node).</summary>
    public sealed record Response(ErrorCode ErrorCode, string? ErrorMessage, sbyte EndpointType, string ClusterId, int ControllerId, IReadOnlyList<Response.Broker> Brokers, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One broker.</summary>
        public sealed record Broker(int BrokerId, string Host, int Port, string? Rack = null) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt32(BrokerId);
                w.WriteString(Host, flex);
                w.WriteInt32(Port);
                w.WriteNullableString(Rack, flex);
                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt32(ThrottleTimeMs);
            w.WriteInt16((short)ErrorCode);
            w.WriteNullableString(ErrorMessage, flex);
            if (version >= 1)
            {
                w.WriteInt8(EndpointType);
            }

            w.WriteString(ClusterId, flex);
            w.WriteInt32(ControllerId);
            w.WriteArray(Brokers, version);
            w.WriteInt32(MetadataApi.Response.OperationsNotRequested);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Describes the one-node cluster.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        if (!access.AllowsCluster(AclOperation.Describe))
        {
            return new Response(ErrorCode.ClusterAuthorizationFailed, $"{access.Principal} may not DESCRIBE the cluster", request.EndpointType, context.ClusterId, context.NodeId, []);
        }

        if (request.EndpointType != 1)
        {
            return new Response(ErrorCode.InvalidRequest, "only broker endpoints (endpoint_type 1) are served", request.EndpointType, context.ClusterId, context.NodeId, []);
        }

        var self = new Response.Broker(context.NodeId, context.AdvertisedHost, context.AdvertisedPort);
        return new Response(ErrorCode.None, null, request.EndpointType, context.ClusterId, context.NodeId, [self]);
    }
}
