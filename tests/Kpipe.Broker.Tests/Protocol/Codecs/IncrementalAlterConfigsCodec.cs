using Kpipe.Broker.Apis;
using Kpipe.Broker.Configs;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of IncrementalAlterConfigs: the request encoder and the response decoder.</summary>
internal static class IncrementalAlterConfigsCodec
{
    extension(IncrementalAlterConfigsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = IncrementalAlterConfigsApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.Resources.Count, flex);
            foreach (var resource in request.Resources)
            {
                w.WriteInt8(resource.ResourceType);
                w.WriteString(resource.ResourceName, flex);
                w.WriteArrayLength(resource.Configs.Count, flex);
                foreach (var config in resource.Configs)
                {
                    w.WriteString(config.Name, flex);
                    w.WriteInt8((sbyte)config.Operation);
                    w.WriteNullableString(config.Value, flex);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteBool(request.ValidateOnly);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(IncrementalAlterConfigsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, IncrementalAlterConfigsApi.Versions.At(version));
    }

    extension(IncrementalAlterConfigsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static IncrementalAlterConfigsApi.Response Read(ref KafkaReader r, short version)
        {
            var throttle = r.ReadInt32();
            return new IncrementalAlterConfigsApi.Response(AlterConfigsCodec.ReadResults(ref r, IncrementalAlterConfigsApi.Versions.IsFlexible(version)), throttle);
        }
    }
}
