using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Apis;

/// <summary>
/// Kafka's ACL checks for InitProducerId and the transaction APIs, kept apart so each handler needs one line: WRITE on
/// the transactional id (TRANSACTIONAL_ID_AUTHORIZATION_FAILED), READ on a named group, WRITE on added topics, and
/// for an idempotent producer IDEMPOTENT_WRITE on the cluster or WRITE on some topic (CLUSTER_AUTHORIZATION_FAILED).
/// </summary>
internal static class TransactionAccess
{
    /// <summary>The refusal of an InitProducerId, or None.</summary>
    public static ErrorCode InitProducerId(RequestAccess access, string? transactionalId) =>
        transactionalId is not null ? Transaction(access, transactionalId)
        : access.AllowsIdempotentWrite() ? ErrorCode.None
        : ErrorCode.ClusterAuthorizationFailed;

    /// <summary>The refusal of a request for transaction <paramref name="transactionalId"/> (and group <paramref name="groupId"/>), or None.</summary>
    public static ErrorCode Transaction(RequestAccess access, string transactionalId, string? groupId = null) =>
        !access.AllowsTransactionalId(transactionalId, AclOperation.Write) ? ErrorCode.TransactionalIdAuthorizationFailed
        : groupId is not null && !access.AllowsGroup(groupId, AclOperation.Read) ? ErrorCode.GroupAuthorizationFailed
        : ErrorCode.None;

    /// <summary>The refused AddPartitionsToTxn answer, or null: the topics it may not WRITE fail and the others are not attempted, as Kafka answers.</summary>
    public static AddPartitionsToTxnApi.Response? AddPartitions(RequestAccess access, AddPartitionsToTxnApi.Request request)
    {
        var whole = Transaction(access, request.TransactionalId);
        var refused = request.Topics.Where(t => !access.AllowsTopic(t.Name, AclOperation.Write)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (whole == ErrorCode.None && refused.Count == 0)
        {
            return null;
        }

        return new AddPartitionsToTxnApi.Response([.. request.Topics.Select(t => new TopicData<AddPartitionsToTxnApi.Response.Partition>(t.Name,
            [.. t.Partitions.Select(p => new AddPartitionsToTxnApi.Response.Partition(p,
                whole != ErrorCode.None ? whole : refused.Contains(t.Name) ? ErrorCode.TopicAuthorizationFailed : ErrorCode.OperationNotAttempted))]))]);
    }

    /// <summary>The refused TxnOffsetCommit answer, or null: WRITE on the transactional id, READ on the group and on each topic (the others are then not attempted).</summary>
    public static TxnOffsetCommitApi.Response? CommitOffsets(RequestAccess access, TxnOffsetCommitApi.Request request)
    {
        var whole = Transaction(access, request.TransactionalId, request.GroupId);
        var refused = request.Topics.Where(t => !access.AllowsTopic(t.Name, AclOperation.Read)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (whole == ErrorCode.None && refused.Count == 0)
        {
            return null;
        }

        return new TxnOffsetCommitApi.Response([.. request.Topics.Select(t => new TopicData<TxnOffsetCommitApi.Response.Partition>(t.Name,
            [.. t.Partitions.Select(p => new TxnOffsetCommitApi.Response.Partition(p.PartitionIndex,
                whole != ErrorCode.None ? whole : refused.Contains(t.Name) ? ErrorCode.TopicAuthorizationFailed : ErrorCode.OperationNotAttempted))]))]);
    }
}
