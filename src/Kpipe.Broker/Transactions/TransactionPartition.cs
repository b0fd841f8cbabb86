namespace Kpipe.Broker.Transactions;

/// <summary>A partition taking part in a transaction.</summary>
internal sealed record TransactionPartition(string Topic, int Partition);
