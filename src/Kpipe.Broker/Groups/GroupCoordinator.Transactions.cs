using Kpipe.Broker.Protocol;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Groups;

// The group coordinator's part in a transaction: offsets sent with TxnOffsetCommit reach the group only when the
// transaction commits, through this method; before that they live with the transaction.
public sealed partial class GroupCoordinator
{
    /// <summary>Writes a committed transaction's offsets for <paramref name="groupId"/> (creating the group if it has none yet).</summary>
    internal ErrorCode CommitTransactionalOffsets(string groupId, IReadOnlyList<PendingTransactionOffset> offsets)
    {
        var now = _time.GetUtcNow();
        return GetOrCreate(groupId).CommitTransactionalOffsets(
            [.. offsets.Select(o => (o.Topic, o.Partition, new StoredOffset(o.Offset, o.LeaderEpoch, o.Metadata ?? "", now)))]);
    }
}
