using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// InitProducerId v0–4 (v2 flexible, v3 current producer id and epoch). A null transactional id gets a new producer id
/// with epoch 0, even when v3+ names the old one (bumping is transactional). No transactions: a transactional id is
/// refused. We do not serve v5 (KIP-890 transactions).
/// </summary>
internal sealed class InitProducerIdHandler(ProducerIdManager producerIds)
{
    /// <summary>Allocates a producer id.</summary>
    public InitProducerIdResponse Handle(InitProducerIdRequest request)
    {
        var result = producerIds.InitProducerId(request.TransactionalId);
        return new InitProducerIdResponse(result.Error, result.ProducerId, result.ProducerEpoch);
    }
}
