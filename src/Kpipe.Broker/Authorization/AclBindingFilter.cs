namespace Kpipe.Broker.Authorization;

/// <summary>
/// Which ACLs DescribeAcls and DeleteAcls select: null fields and the Any values match everything; the Match pattern
/// type selects the ACLs that apply to the named resource (its literal name, the wildcard, and prefixes of it).
/// </summary>
public sealed record AclBindingFilter(
    AclResourceType ResourceType,
    string? ResourceName,
    AclPatternType PatternType,
    string? Principal,
    string? Host,
    AclOperation Operation,
    AclPermissionType Permission)
{
    /// <summary>A filter that selects every ACL.</summary>
    public static AclBindingFilter Everything { get; } = new(AclResourceType.Any, null, AclPatternType.Any, null, null, AclOperation.Any, AclPermissionType.Any);

    /// <summary>Why Kafka would refuse this filter (INVALID_REQUEST): an unknown value selects nothing definite; null when valid.</summary>
    public string? Invalid() => (ResourceType, PatternType, Operation, Permission) switch
    {
        (AclResourceType.Unknown, _, _, _) => "Invalid resourceType UNKNOWN in the ACL filter: use ANY or a resource type",
        (_, AclPatternType.Unknown, _, _) => "Invalid patternType UNKNOWN in the ACL filter: use ANY, MATCH, LITERAL or PREFIXED",
        (_, _, AclOperation.Unknown, _) => "Invalid operation UNKNOWN in the ACL filter: use ANY or an operation",
        (_, _, _, AclPermissionType.Unknown) => "Invalid permissionType UNKNOWN in the ACL filter: use ANY, ALLOW or DENY",
        _ => null,
    };

    /// <summary>Whether <paramref name="acl"/> is selected by this filter.</summary>
    public bool Matches(AclBinding acl) =>
        MatchesResource(acl)
        && (Principal is null || Principal == acl.Principal)
        && (Host is null || Host == acl.Host)
        && (Operation == AclOperation.Any || Operation == acl.Operation)
        && (Permission == AclPermissionType.Any || Permission == acl.Permission);

    private bool MatchesResource(AclBinding acl)
    {
        if (ResourceType != AclResourceType.Any && ResourceType != acl.ResourceType)
        {
            return false;
        }

        if (PatternType is not (AclPatternType.Any or AclPatternType.Match) && PatternType != acl.PatternType)
        {
            return false;
        }

        if (ResourceName is null)
        {
            return true;
        }

        if (PatternType == AclPatternType.Any || PatternType == acl.PatternType)
        {
            return ResourceName == acl.ResourceName;
        }

        return acl.PatternType switch
        {
            AclPatternType.Literal => ResourceName == acl.ResourceName || acl.ResourceName == AclBinding.Wildcard,
            AclPatternType.Prefixed => ResourceName.StartsWith(acl.ResourceName, StringComparison.Ordinal),
            _ => false,
        };
    }
}
