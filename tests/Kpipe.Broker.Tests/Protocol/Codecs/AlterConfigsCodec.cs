using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of AlterConfigs: the request encoder and the response decoder, which IncrementalAlterConfigs shares.</summary>
internal static class AlterConfigsCodec
{
    extension(AlterConfigsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = AlterConfigsApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.Resources.Count, flex);
            foreach (var resource in request.Resources)
            {
                w.WriteInt8(resource.ResourceType);
                w.WriteString(resource.ResourceName, flex);
                w.WriteArrayLength(resource.Configs.Count, flex);
                foreach (var (name, value) in resource.Configs)
                {
                    w.WriteString(name, flex);
                    w.WriteNullableString(value, flex);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteBool(request.ValidateOnly);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(AlterConfigsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, AlterConfigsApi.Versions.At(version));
    }

    extension(AlterConfigsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static AlterConfigsApi.Response Read(ref KafkaReader r, short version)
        {
            var throttle = r.ReadInt32();
            return new AlterConfigsApi.Response(ReadResults(ref r, AlterConfigsApi.Versions.IsFlexible(version)), throttle);
        }
    }

    internal static ConfigResourceResult[] ReadResults(ref KafkaReader r, bool flex)
    {
        var results = new ConfigResourceResult[r.ReadArrayCount(flex)];
        for (var i = 0; i < results.Length; i++)
        {
            var error = (ErrorCode)r.ReadInt16();
            var message = r.ReadNullableString(flex);
            var type = r.ReadInt8();
            var name = r.ReadString(flex);
            r.SkipTaggedFields(flex);
            results[i] = new ConfigResourceResult(error, message, type, name);
        }

        r.SkipTaggedFields(flex);
        return results;
    }
}
