namespace Kpipe.Broker.Authorization;

/// <summary>How an ACL's resource name is matched (KIP-290), with the wire values; Any and Match occur only in filters.</summary>
public enum AclPatternType : sbyte
{
    Unknown = 0,
    Any = 1,
    Match = 2,
    Literal = 3,
    Prefixed = 4,
}
