using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Apis;

/// <summary>The ACL fields the three ACL APIs share on the wire; the pattern type exists from v1 and is LITERAL before.</summary>
internal static class AclWire
{
    /// <summary>Reads the pattern type (v1+) or LITERAL (v0).</summary>
    public static AclPatternType ReadPatternType(ref KafkaReader r, MessageVersion version) =>
        version >= 1 ? (AclPatternType)r.ReadInt8() : AclPatternType.Literal;

    /// <summary>Writes the pattern type from v1 on.</summary>
    public static void WritePatternType(KafkaWriter w, MessageVersion version, AclPatternType patternType)
    {
        if (version >= 1)
        {
            w.WriteInt8((sbyte)patternType);
        }
    }

    /// <summary>Reads one ACL filter as DescribeAcls and DeleteAcls carry it (tagged fields are the caller's).</summary>
    public static AclBindingFilter ReadFilter(ref KafkaReader r, MessageVersion version)
    {
        var resourceType = (AclResourceType)r.ReadInt8();
        var resourceName = r.ReadNullableString(version.Flexible);
        var patternType = ReadPatternType(ref r, version);
        var principal = r.ReadNullableString(version.Flexible);
        var host = r.ReadNullableString(version.Flexible);
        var operation = (AclOperation)r.ReadInt8();
        var permission = (AclPermissionType)r.ReadInt8();
        return new AclBindingFilter(resourceType, resourceName, patternType, principal, host, operation, permission);
    }

    /// <summary>
    /// The authorizer when the sender may do <paramref name="operation"/> on the cluster; otherwise null with the refusal:
    /// SECURITY_DISABLED without an authorizer, CLUSTER_AUTHORIZATION_FAILED without the ACL.
    /// </summary>
    public static AclAuthorizer? Authorized(ApiCall call, AclOperation operation, out ErrorCode error, out string? message)
    {
        (error, message) = call.Authorizer is null
            ? (ErrorCode.SecurityDisabled, "No Authorizer is configured on the broker: start it with --authorizer to use ACLs")
            : !call.Access.AllowsCluster(operation)
                ? (ErrorCode.ClusterAuthorizationFailed, $"{call.Access.Principal} is not allowed {operation.ToString().ToUpperInvariant()} on the cluster")
                : (ErrorCode.None, null);
        return error == ErrorCode.None ? call.Authorizer : null;
    }
}
