namespace Kpipe.Broker.Authorization;

/// <summary>Kafka's ACL resource types with their wire values (<c>ResourceType</c> in Kafka's client API).</summary>
public enum AclResourceType : sbyte
{
    Unknown = 0,
    Any = 1,
    Topic = 2,
    Group = 3,
    Cluster = 4,
    TransactionalId = 5,
    DelegationToken = 6,
    User = 7,
}
