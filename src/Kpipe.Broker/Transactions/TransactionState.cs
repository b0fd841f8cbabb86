namespace Kpipe.Broker.Transactions;

/// <summary>
/// Where a transactional id's current transaction stands (Kafka's <c>TransactionState</c>):
/// Empty → Ongoing (AddPartitionsToTxn / AddOffsetsToTxn) → PrepareCommit | PrepareAbort (EndTxn, written before any
/// marker) → CompleteCommit | CompleteAbort (every marker written) → Ongoing again with the next transaction.
/// </summary>
internal enum TransactionState
{
    /// <summary>No transaction since InitProducerId.</summary>
    Empty,

    /// <summary>Partitions or offsets were added; markers not yet asked for.</summary>
    Ongoing,

    /// <summary>Commit decided; markers being written (completed on recovery).</summary>
    PrepareCommit,

    /// <summary>Abort decided; markers being written (completed on recovery).</summary>
    PrepareAbort,

    /// <summary>The last transaction committed.</summary>
    CompleteCommit,

    /// <summary>The last transaction aborted.</summary>
    CompleteAbort,
}
