using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// DescribeCluster v0–1 (v1 adds endpoint type): this node as the only broker and the controller.
/// Authorized operations are not computed (INT32_MIN). An endpoint type other than brokers (1) gets
/// UNSUPPORTED_ENDPOINT_TYPE's closest Kafka answer here, INVALID_REQUEST.
/// </summary>
internal sealed class DescribeClusterHandler(BrokerContext context)
{
    /// <summary>Describes the one-node cluster.</summary>
    public DescribeClusterResponse Handle(DescribeClusterRequest request)
    {
        if (request.EndpointType != 1)
        {
            return new DescribeClusterResponse(ErrorCode.InvalidRequest, "only broker endpoints (endpoint_type 1) are served", request.EndpointType, context.ClusterId, context.NodeId, []);
        }

        var self = new DescribeClusterResponse.Broker(context.NodeId, context.AdvertisedHost, context.AdvertisedPort);
        return new DescribeClusterResponse(ErrorCode.None, null, request.EndpointType, context.ClusterId, context.NodeId, [self]);
    }
}
