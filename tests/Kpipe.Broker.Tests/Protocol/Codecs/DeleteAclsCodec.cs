using Kpipe.Broker.Apis;
using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DeleteAcls: the request encoder and the response decoder.</summary>
internal static class DeleteAclsCodec
{
    extension(DeleteAclsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var at = DeleteAclsApi.Versions.At(version);
            w.WriteArrayLength(request.Filters.Count, at.Flexible);
            foreach (var filter in request.Filters)
            {
                DescribeAclsCodec.WriteFilter(w, at, filter);
                w.WriteEmptyTaggedFields(at.Flexible);
            }

            w.WriteEmptyTaggedFields(at.Flexible);
        }
    }

    extension(DeleteAclsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DeleteAclsApi.Versions.At(version));
    }

    extension(DeleteAclsApi.Response)
    {
        /// <summary>Decodes the body; the per-ACL error of each match is dropped (kpipe always sends none).</summary>
        public static DeleteAclsApi.Response Read(ref KafkaReader r, short version)
        {
            var at = DeleteAclsApi.Versions.At(version);
            var throttle = r.ReadInt32();
            var results = new DeleteAclsApi.Response.FilterResult[r.ReadArrayCount(at.Flexible)];
            for (var i = 0; i < results.Length; i++)
            {
                var error = (ErrorCode)r.ReadInt16();
                var message = r.ReadNullableString(at.Flexible);
                var acls = new AclBinding[r.ReadArrayCount(at.Flexible)];
                for (var j = 0; j < acls.Length; j++)
                {
                    r.ReadInt16();
                    r.ReadNullableString(at.Flexible);
                    var type = (AclResourceType)r.ReadInt8();
                    var name = r.ReadString(at.Flexible);
                    var pattern = AclWire.ReadPatternType(ref r, at);
                    acls[j] = new AclBinding(type, name, pattern, r.ReadString(at.Flexible), r.ReadString(at.Flexible), (AclOperation)r.ReadInt8(), (AclPermissionType)r.ReadInt8());
                    r.SkipTaggedFields(at.Flexible);
                }

                r.SkipTaggedFields(at.Flexible);
                results[i] = new DeleteAclsApi.Response.FilterResult(error, message, acls);
            }

            r.SkipTaggedFields(at.Flexible);
            return new DeleteAclsApi.Response(results, throttle);
        }
    }
}
