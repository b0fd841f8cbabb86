namespace Kpipe.Broker.Apis;

/// <summary>
/// Checks manual replica assignments (CreateTopics, CreatePartitions) on a single-node broker: each partition's replica
/// list must name exactly this node, since there is no other broker to hold a replica.
/// </summary>
internal static class SingleNodeAssignments
{
    /// <summary>Null when every list is exactly [<paramref name="nodeId"/>]; otherwise the message for INVALID_REPLICA_ASSIGNMENT.</summary>
    public static string? Problem(IEnumerable<IReadOnlyList<int>> replicaLists, int nodeId)
    {
        foreach (var replicas in replicaLists)
        {
            if (replicas.Count == 0)
            {
                return "a partition's replica assignment is empty";
            }

            if (replicas.Any(id => id != nodeId))
            {
                var unknown = replicas.First(id => id != nodeId);
                return $"replica assignment names broker {unknown}, but this single-node cluster has only broker {nodeId}";
            }

            if (replicas.Count > 1)
            {
                return $"replica assignment lists broker {nodeId} {replicas.Count} times; each replica must be on a different broker";
            }
        }

        return null;
    }
}
