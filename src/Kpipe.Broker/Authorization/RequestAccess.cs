using Kpipe.Broker.Security;

namespace Kpipe.Broker.Authorization;

/// <summary>
/// What one request's sender may do: its principal (the SASL user, or <c>User:ANONYMOUS</c>) and host checked against
/// the broker's ACLs; the default value (no authorizer) allows everything, as Kafka does without an authorizer.
/// </summary>
internal readonly record struct RequestAccess(AclAuthorizer? Authorizer, SaslSession? Sasl, string ClientHost)
{
    /// <summary>Whether an authorizer decides (false: everything is allowed).</summary>
    public bool Enabled => Authorizer is not null;

    /// <summary>The principal ACLs name for this sender.</summary>
    public string Principal => Sasl?.User is { } user ? AclPrincipal.User(user) : AclPrincipal.Anonymous;

    /// <summary>Whether the sender may do <paramref name="operation"/> to the resource.</summary>
    public bool Allows(AclResourceType resourceType, string resourceName, AclOperation operation) =>
        Authorizer is null || Authorizer.Authorize(Principal, ClientHost.TrimStart('/'), resourceType, resourceName, operation);

    /// <summary>Whether the sender may do <paramref name="operation"/> to topic <paramref name="topic"/>.</summary>
    public bool AllowsTopic(string topic, AclOperation operation) => Allows(AclResourceType.Topic, topic, operation);

    /// <summary>Whether the sender may use an idempotent producer: IDEMPOTENT_WRITE on the cluster, or WRITE on any topic (Kafka 3+).</summary>
    public bool AllowsIdempotentWrite() =>
        Authorizer is null || AllowsCluster(AclOperation.IdempotentWrite)
        || Authorizer.AuthorizeAny(Principal, ClientHost.TrimStart('/'), AclResourceType.Topic, AclOperation.Write);

    /// <summary>Whether the sender may create topic <paramref name="topic"/>: CREATE on the cluster or on the topic, as Kafka asks.</summary>
    public bool AllowsTopicCreation(string topic) => AllowsCluster(AclOperation.Create) || AllowsTopic(topic, AclOperation.Create);

    /// <summary>
    /// Kafka's authorized-operations bit set for a resource: bit N set when the sender may do operation N of
    /// <paramref name="operations"/>; every one of them without an authorizer.
    /// </summary>
    public int AuthorizedOperations(AclResourceType resourceType, string resourceName, ReadOnlySpan<AclOperation> operations)
    {
        var bits = 0;
        foreach (var operation in operations)
        {
            bits |= Allows(resourceType, resourceName, operation) ? 1 << (int)operation : 0;
        }

        return bits;
    }

    /// <summary>Whether the sender may do <paramref name="operation"/> to consumer group <paramref name="groupId"/>.</summary>
    public bool AllowsGroup(string groupId, AclOperation operation) => Allows(AclResourceType.Group, groupId, operation);

    /// <summary>Whether the sender may do <paramref name="operation"/> to the cluster.</summary>
    public bool AllowsCluster(AclOperation operation) => Allows(AclResourceType.Cluster, Authorization.AclBinding.ClusterName, operation);

    /// <summary>Whether the sender may do <paramref name="operation"/> to transactional id <paramref name="transactionalId"/>.</summary>
    public bool AllowsTransactionalId(string transactionalId, AclOperation operation) =>
        Allows(AclResourceType.TransactionalId, transactionalId, operation);
}
