using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Apis;

/// <summary>How one API answers a requested partition: from its log, or with an error when it has none or may not be used.</summary>
/// <remarks>Implemented by structs so <see cref="PartitionAnswers"/> runs without a closure per request; state a
/// struct carries (a byte budget, say) is updated in place because it is passed by reference.</remarks>
/// <typeparam name="TRequest">The request's partition entry.</typeparam>
/// <typeparam name="TResponse">The response's partition entry.</typeparam>
internal interface IPartitionAnswer<in TRequest, out TResponse>
{
    /// <summary>The partition index the request entry names.</summary>
    int PartitionIndex(TRequest partition);

    /// <summary>Answers a partition whose log exists.</summary>
    TResponse FromLog(TRequest partition, IPartitionLog log);

    /// <summary>Answers a partition with <paramref name="error"/> and no data: the broker does not have it (UNKNOWN_TOPIC_OR_PARTITION) or the sender may not use it (TOPIC_AUTHORIZATION_FAILED).</summary>
    TResponse Refuse(TRequest partition, ErrorCode error);
}
