using Kpipe.Broker.Apis;
using Kpipe.Broker.Authorization;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of CreateAcls: the request encoder and the response decoder.</summary>
internal static class CreateAclsCodec
{
    extension(CreateAclsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var at = CreateAclsApi.Versions.At(version);
            w.WriteArrayLength(request.Creations.Count, at.Flexible);
            foreach (var acl in request.Creations)
            {
                w.WriteInt8((sbyte)acl.ResourceType);
                w.WriteString(acl.ResourceName, at.Flexible);
                AclWire.WritePatternType(w, at, acl.PatternType);
                w.WriteString(acl.Principal, at.Flexible);
                w.WriteString(acl.Host, at.Flexible);
                w.WriteInt8((sbyte)acl.Operation);
                w.WriteInt8((sbyte)acl.Permission);
                w.WriteEmptyTaggedFields(at.Flexible);
            }

            w.WriteEmptyTaggedFields(at.Flexible);
        }
    }

    extension(CreateAclsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, CreateAclsApi.Versions.At(version));
    }

    extension(CreateAclsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static CreateAclsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = CreateAclsApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var results = new CreateAclsApi.Response.Result[r.ReadArrayCount(flex)];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = new CreateAclsApi.Response.Result((ErrorCode)r.ReadInt16(), r.ReadNullableString(flex));
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            return new CreateAclsApi.Response(results, throttle);
        }
    }
}
