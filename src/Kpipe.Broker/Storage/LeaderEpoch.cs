namespace Kpipe.Broker.Storage;

/// <summary>
/// The partition leader epoch of a single-node broker. Kafka starts each partition at epoch 0 and raises it at every
/// leader election; this node has led every partition since it was created and no election ever happens, so the
/// epoch is 0 for all of them, stamped on every appended batch and reported by Metadata, ListOffsets and
/// OffsetForLeaderEpoch (KIP-101, KIP-320).
/// </summary>
public static class LeaderEpoch
{
    /// <summary>The epoch of every partition.</summary>
    public const int Current = 0;

    /// <summary>Kafka's "no epoch" (UNDEFINED_EPOCH), as in requests that carry none and batches stored before epochs.</summary>
    public const int Undefined = -1;

    /// <summary>
    /// The error for a request that names <paramref name="currentLeaderEpoch"/> as the leader's epoch: a newer epoch
    /// than this broker knows gets UNKNOWN_LEADER_EPOCH, an older one FENCED_LEADER_EPOCH, as a Kafka leader answers.
    /// </summary>
    public static Protocol.ErrorCode Check(int currentLeaderEpoch) => currentLeaderEpoch switch
    {
        Undefined => Protocol.ErrorCode.None,
        > Current => Protocol.ErrorCode.UnknownLeaderEpoch,
        < Current => Protocol.ErrorCode.FencedLeaderEpoch,
        _ => Protocol.ErrorCode.None,
    };
}
