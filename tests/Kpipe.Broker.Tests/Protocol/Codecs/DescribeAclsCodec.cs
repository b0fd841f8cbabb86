using Kpipe.Broker.Apis;
using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DescribeAcls: the request encoder and the response decoder.</summary>
internal static class DescribeAclsCodec
{
    extension(DescribeAclsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var at = DescribeAclsApi.Versions.At(version);
            WriteFilter(w, at, request.Filter);
            w.WriteEmptyTaggedFields(at.Flexible);
        }
    }

    extension(DescribeAclsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DescribeAclsApi.Versions.At(version));
    }

    extension(DescribeAclsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static DescribeAclsApi.Response Read(ref KafkaReader r, short version)
        {
            var at = DescribeAclsApi.Versions.At(version);
            var throttle = r.ReadInt32();
            var error = (ErrorCode)r.ReadInt16();
            var message = r.ReadNullableString(at.Flexible);
            var resources = new DescribeAclsApi.Response.Resource[r.ReadArrayCount(at.Flexible)];
            for (var i = 0; i < resources.Length; i++)
            {
                var type = (AclResourceType)r.ReadInt8();
                var name = r.ReadString(at.Flexible);
                var pattern = AclWire.ReadPatternType(ref r, at);
                var acls = new AclBinding[r.ReadArrayCount(at.Flexible)];
                for (var j = 0; j < acls.Length; j++)
                {
                    acls[j] = new AclBinding(type, name, pattern, r.ReadString(at.Flexible), r.ReadString(at.Flexible), (AclOperation)r.ReadInt8(), (AclPermissionType)r.ReadInt8());
                    r.SkipTaggedFields(at.Flexible);
                }

                r.SkipTaggedFields(at.Flexible);
                resources[i] = new DescribeAclsApi.Response.Resource(type, name, pattern, acls);
            }

            r.SkipTaggedFields(at.Flexible);
            return new DescribeAclsApi.Response(error, message, resources, throttle);
        }
    }

    /// <summary>Writes one ACL filter as DescribeAcls and DeleteAcls carry it.</summary>
    public static void WriteFilter(KafkaWriter w, MessageVersion at, AclBindingFilter filter)
    {
        w.WriteInt8((sbyte)filter.ResourceType);
        w.WriteNullableString(filter.ResourceName, at.Flexible);
        AclWire.WritePatternType(w, at, filter.PatternType);
        w.WriteNullableString(filter.Principal, at.Flexible);
        w.WriteNullableString(filter.Host, at.Flexible);
        w.WriteInt8((sbyte)filter.Operation);
        w.WriteInt8((sbyte)filter.Permission);
    }
}
