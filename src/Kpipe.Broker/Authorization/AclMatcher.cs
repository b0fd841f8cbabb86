namespace Kpipe.Broker.Authorization;

/// <summary>
/// The authorization decision of Kafka's StandardAuthorizer over a set of ACLs: super users may do anything; otherwise
/// the ACLs whose pattern covers the resource (its literal name, the <c>*</c> wildcard, any prefix of it) decide, for
/// the principal (or <c>User:*</c>) and host (or <c>*</c>): a matching DENY wins, then a matching ALLOW allows; a
/// resource no ACL covers is allowed only with allow.everyone.if.no.acl.found.
/// </summary>
public static class AclMatcher
{
    /// <summary>The principal every user matches.</summary>
    public const string AnyUser = "User:*";

    /// <summary>Whether <paramref name="principal"/> connecting from <paramref name="host"/> may do <paramref name="operation"/> to the resource.</summary>
    public static bool Authorize(IReadOnlyList<AclBinding> acls, AuthorizerOptions options, string principal, string host,
        AclResourceType resourceType, string resourceName, AclOperation operation)
    {
        if (options.SuperUsers.Contains(principal, StringComparer.Ordinal))
        {
            return true;
        }

        var covered = false;
        var allowed = false;
        foreach (var acl in acls)
        {
            if (acl.ResourceType != resourceType || !Covers(acl, resourceName))
            {
                continue;
            }

            covered = true;
            if (!AppliesTo(acl, principal, host))
            {
                continue;
            }

            if (acl.Permission == AclPermissionType.Deny && (acl.Operation == operation || acl.Operation == AclOperation.All))
            {
                return false;
            }

            allowed |= acl.Permission == AclPermissionType.Allow && Grants(acl.Operation, operation);
        }

        return allowed || (!covered && options.AllowEveryoneIfNoAclFound);
    }

    /// <summary>
    /// Whether the principal may do <paramref name="operation"/> to at least one resource of the type (Kafka's
    /// authorizeByResourceType, which lets an idempotent producer in with WRITE on any topic): some ALLOW grants it and
    /// no DENY of the same operation covers that ALLOW's whole pattern.
    /// </summary>
    public static bool AuthorizeAny(IReadOnlyList<AclBinding> acls, AuthorizerOptions options, string principal, string host,
        AclResourceType resourceType, AclOperation operation)
    {
        if (options.SuperUsers.Contains(principal, StringComparer.Ordinal))
        {
            return true;
        }

        var applying = acls.Where(acl => acl.ResourceType == resourceType && AppliesTo(acl, principal, host)).ToList();
        var denies = applying.Where(acl => acl.Permission == AclPermissionType.Deny && (acl.Operation == operation || acl.Operation == AclOperation.All)).ToList();
        return applying.Any(allow => allow.Permission == AclPermissionType.Allow && Grants(allow.Operation, operation)
            && !denies.Any(deny => (deny.PatternType == AclPatternType.Literal && deny.ResourceName == AclBinding.Wildcard)
                || (deny.PatternType == allow.PatternType && deny.ResourceName == allow.ResourceName)
                || (deny.PatternType == AclPatternType.Prefixed && allow.ResourceName.StartsWith(deny.ResourceName, StringComparison.Ordinal))));
    }

    /// <summary>Whether an ALLOW of <paramref name="granted"/> allows <paramref name="wanted"/>: itself, ALL, and the implied DESCRIBE and DESCRIBE_CONFIGS.</summary>
    public static bool Grants(AclOperation granted, AclOperation wanted) =>
        granted == wanted
        || granted == AclOperation.All
        || (wanted == AclOperation.Describe && granted is AclOperation.Read or AclOperation.Write or AclOperation.Delete or AclOperation.Alter)
        || (wanted == AclOperation.DescribeConfigs && granted == AclOperation.AlterConfigs);

    private static bool Covers(AclBinding acl, string resourceName) => acl.PatternType switch
    {
        AclPatternType.Literal => acl.ResourceName == resourceName || acl.ResourceName == AclBinding.Wildcard,
        AclPatternType.Prefixed => resourceName.StartsWith(acl.ResourceName, StringComparison.Ordinal),
        _ => false,
    };

    private static bool AppliesTo(AclBinding acl, string principal, string host) =>
        (acl.Principal == principal || acl.Principal == AnyUser)
        && (acl.Host == AclBinding.Wildcard || acl.Host == host);
}
