namespace Kpipe.Broker.Transactions;

// What other parts of the broker ask of the transactions without changing them.
internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// The partitions for which an open transaction holds an offset of <paramref name="groupId"/> (sent with
    /// TxnOffsetCommit, not yet committed or aborted): OffsetFetch with require_stable answers UNSTABLE_OFFSET_COMMIT for
    /// them (KIP-447). Read it before the group's offsets: a transaction commits its offsets to the group before it
    /// stops holding them, so a partition missing here is read with the committed value.
    /// </summary>
    public HashSet<(string Topic, int Partition)> PendingOffsets(string groupId)
    {
        lock (_lock)
        {
            return [.. _transactions.Values.SelectMany(t => t.Offsets).Where(o => o.Group == groupId).Select(o => (o.Topic, o.Partition))];
        }
    }

    /// <summary>DescribeTransactions: a copy of <paramref name="transactionalId"/>'s state, or null when it is unknown.</summary>
    public TransactionDescription? Describe(string transactionalId)
    {
        lock (_lock)
        {
            return _transactions.TryGetValue(transactionalId, out var t) ? ToDescription(t) : null;
        }
    }

    /// <summary>
    /// ListTransactions: the transactional ids whose state name is in <paramref name="states"/> (null = any), whose
    /// producer id is in <paramref name="producerIds"/> (empty = any) and, with <paramref name="minDurationMs"/> ≥ 0,
    /// whose transaction has run longer than that (Kafka counts one never started as running since the epoch).
    /// </summary>
    public IReadOnlyList<TransactionDescription> List(IReadOnlySet<string>? states, IReadOnlySet<long> producerIds, long minDurationMs)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            return [.. _transactions.Values
                .Select(ToDescription)
                .Where(t => (states is null || states.Contains(t.State.ToString()))
                    && (producerIds.Count == 0 || producerIds.Contains(t.ProducerId))
                    && (minDurationMs < 0 || now - t.StartedMs > minDurationMs))
                .OrderBy(t => t.TransactionalId, StringComparer.Ordinal)];
        }
    }

    private static TransactionDescription ToDescription(TransactionMetadata t) =>
        new(t.TransactionalId, t.ProducerId, t.ProducerEpoch, t.TimeoutMs, t.State, t.State == TransactionState.Empty || t.StartedMs == 0 ? -1 : t.StartedMs, [.. t.Partitions]);
}
