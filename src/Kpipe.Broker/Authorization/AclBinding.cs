namespace Kpipe.Broker.Authorization;

/// <summary>One ACL: who (principal, host) may or may not do what (operation) to which resources (type, name, pattern).</summary>
public sealed record AclBinding(
    AclResourceType ResourceType,
    string ResourceName,
    AclPatternType PatternType,
    string Principal,
    string Host,
    AclOperation Operation,
    AclPermissionType Permission)
{
    /// <summary>The name that makes a literal pattern match every resource of its type.</summary>
    public const string Wildcard = "*";

    /// <summary>The only name of the cluster resource.</summary>
    public const string ClusterName = "kafka-cluster";

    /// <summary>Why Kafka would refuse to store this ACL (INVALID_REQUEST), or null when it is valid.</summary>
    public string? Invalid() => (ResourceType, PatternType, Operation, Permission) switch
    {
        (AclResourceType.Unknown or AclResourceType.Any, _, _, _) => $"Invalid resourceType {ResourceType}: an ACL names a TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN or USER",
        (_, not (AclPatternType.Literal or AclPatternType.Prefixed), _, _) => $"Invalid patternType {PatternType}: an ACL is LITERAL or PREFIXED",
        (_, _, AclOperation.Unknown or AclOperation.Any, _) => $"Invalid operation {Operation}",
        (_, _, _, not (AclPermissionType.Allow or AclPermissionType.Deny)) => $"Invalid permissionType {Permission}: an ACL is ALLOW or DENY",
        _ when ResourceName.Length == 0 => "Resource name should not be empty",
        _ when ResourceType == AclResourceType.Cluster && (PatternType != AclPatternType.Literal || ResourceName != ClusterName)
            => $"The only valid name for the CLUSTER resource is {ClusterName} (LITERAL)",
        _ when !AclPrincipal.IsValid(Principal) => $"Could not parse principal from `{Principal}`: expected TYPE:NAME such as User:alice",
        _ when Host.Length == 0 => "Host should not be empty: use * for any host",
        _ => null,
    };
}
