namespace Kpipe.Broker.Authorization;

/// <summary>The ACL authorizer's settings, after Kafka's <c>super.users</c> and <c>allow.everyone.if.no.acl.found</c>.</summary>
public sealed record AuthorizerOptions
{
    /// <summary>Principals (<c>User:admin</c>) allowed every operation whatever the ACLs say.</summary>
    public IReadOnlyList<string> SuperUsers { get; init; } = [];

    /// <summary>Whether a resource no ACL names is open to everyone; false (Kafka's default) denies it.</summary>
    public bool AllowEveryoneIfNoAclFound { get; init; }
}
