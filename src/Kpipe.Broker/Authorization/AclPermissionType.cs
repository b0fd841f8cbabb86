namespace Kpipe.Broker.Authorization;

/// <summary>Whether an ACL allows or denies, with the wire values; Any occurs only in filters.</summary>
public enum AclPermissionType : sbyte
{
    Unknown = 0,
    Any = 1,
    Deny = 2,
    Allow = 3,
}
