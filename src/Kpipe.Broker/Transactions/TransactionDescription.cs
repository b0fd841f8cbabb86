namespace Kpipe.Broker.Transactions;

/// <summary>A transactional id's state as DescribeTransactions and ListTransactions report it; <paramref name="StartedMs"/> is -1 before any transaction.</summary>
internal sealed record TransactionDescription(
    string TransactionalId,
    long ProducerId,
    short ProducerEpoch,
    int TimeoutMs,
    TransactionState State,
    long StartedMs,
    IReadOnlyList<TransactionPartition> Partitions);
