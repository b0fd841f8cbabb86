using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Apis;

/// <summary>What each version of a transactional API may answer: PRODUCER_FENCED only from the version that knows it (KIP-588).</summary>
internal static class TransactionErrors
{
    /// <summary>PRODUCER_FENCED becomes INVALID_PRODUCER_EPOCH below <paramref name="fencedFrom"/>; every other code is kept.</summary>
    public static ErrorCode ForVersion(ErrorCode error, short version, short fencedFrom) =>
        error == ErrorCode.ProducerFenced && version < fencedFrom ? ErrorCode.InvalidProducerEpoch : error;
}
