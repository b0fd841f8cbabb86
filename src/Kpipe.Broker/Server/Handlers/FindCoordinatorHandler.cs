using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// FindCoordinator v0–2 (v1 adds key type, throttle time and error message). On a single node this broker coordinates
/// every group, so it always answers with itself (an empty group id too, as Kafka does; JoinGroup refuses it).
/// Key type 1 (transactions) gets COORDINATOR_NOT_AVAILABLE: there is no transaction coordinator.
/// We do not serve v3+ (flexible) or v4+ (batched keys).
/// </summary>
internal sealed class FindCoordinatorHandler(BrokerContext context)
{
    private const sbyte GroupKeyType = 0;

    /// <summary>Points the client at this node.</summary>
    public FindCoordinatorResponse Handle(FindCoordinatorRequest request)
    {
        if (request.KeyType != GroupKeyType)
        {
            return new FindCoordinatorResponse(ErrorCode.CoordinatorNotAvailable, "transactions are not supported by this broker", -1, "", -1);
        }

        return new FindCoordinatorResponse(ErrorCode.None, null, context.NodeId, context.AdvertisedHost, context.AdvertisedPort);
    }
}
