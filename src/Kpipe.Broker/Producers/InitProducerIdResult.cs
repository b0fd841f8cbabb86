using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Producers;

/// <summary>The answer to InitProducerId: a producer id and epoch, or an error with id -1.</summary>
public sealed record InitProducerIdResult(ErrorCode Error, long ProducerId, short ProducerEpoch);
