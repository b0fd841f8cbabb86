namespace Kpipe.Broker.Transactions;

// What other parts of the broker ask of the transactions without changing them.
internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// Whether an open transaction holds an offset for <paramref name="groupId"/>'s partition (sent with TxnOffsetCommit,
    /// not yet committed or aborted): OffsetFetch with require_stable answers UNSTABLE_OFFSET_COMMIT for it (KIP-447).
    /// </summary>
    public bool HasPendingOffset(string groupId, string topic, int partition)
    {
        lock (_lock)
        {
            return _transactions.Values.Any(t => t.Offsets.Any(o => o.Partition == partition && o.Group == groupId && o.Topic == topic));
        }
    }
}
