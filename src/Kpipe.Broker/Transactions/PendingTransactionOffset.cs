namespace Kpipe.Broker.Transactions;

/// <summary>An offset sent with TxnOffsetCommit: committed to <paramref name="Group"/> only when the transaction commits.</summary>
internal sealed record PendingTransactionOffset(string Group, string Topic, int Partition, long Offset, int LeaderEpoch, string? Metadata);
