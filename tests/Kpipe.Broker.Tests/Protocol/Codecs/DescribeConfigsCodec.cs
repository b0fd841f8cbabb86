using Kpipe.Broker.Apis;
using Kpipe.Broker.Configs;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DescribeConfigs, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class DescribeConfigsCodec
{
    extension(DescribeConfigsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = DescribeConfigsApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.Resources.Count, flex);
            foreach (var res in request.Resources)
            {
                w.WriteInt8(res.ResourceType);
                w.WriteString(res.ResourceName, flex);
                w.WriteArrayLength(res.ConfigurationKeys?.Count ?? -1, flex);
                foreach (var key in res.ConfigurationKeys ?? [])
                {
                    w.WriteString(key, flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            if (version >= 1)
            {
                w.WriteBool(request.IncludeSynonyms);
            }

            if (version >= 3)
            {
                w.WriteBool(request.IncludeDocumentation);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(DescribeConfigsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DescribeConfigsApi.Versions.At(version));
    }

    extension(DescribeConfigsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static DescribeConfigsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = DescribeConfigsApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var results = new DescribeConfigsApi.Response.Result[r.ReadArrayCount(flex)];
            for (var i = 0; i < results.Length; i++)
            {
                var error = (ErrorCode)r.ReadInt16();
                var message = r.ReadNullableString(flex);
                var type = r.ReadInt8();
                var name = r.ReadString(flex);
                var configs = new DescribeConfigsApi.Response.Config[r.ReadArrayCount(flex)];
                for (var j = 0; j < configs.Length; j++)
                {
                    var key = r.ReadString(flex);
                    var value = r.ReadNullableString(flex);
                    var readOnly = r.ReadBool();
                    var source = version == 0 ? (r.ReadBool() ? DescribeConfigsApi.Response.DefaultSource : (sbyte)-1) : r.ReadInt8();
                    var sensitive = r.ReadBool();
                    var synonyms = new ConfigSynonym[version >= 1 ? r.ReadArrayCount(flex) : 0];
                    for (var k = 0; k < synonyms.Length; k++)
                    {
                        synonyms[k] = new ConfigSynonym(r.ReadString(flex), r.ReadNullableString(flex), (ConfigSource)r.ReadInt8());
                        r.SkipTaggedFields(flex);
                    }

                    var configType = version >= 3 ? (ConfigType)r.ReadInt8() : ConfigType.Unknown;
                    var documentation = version >= 3 ? r.ReadNullableString(flex) : null;
                    r.SkipTaggedFields(flex);
                    configs[j] = new DescribeConfigsApi.Response.Config(key, value, readOnly, source, sensitive)
                    {
                        Synonyms = synonyms,
                        ConfigType = configType,
                        Documentation = documentation,
                    };
                }

                r.SkipTaggedFields(flex);
                results[i] = new DescribeConfigsApi.Response.Result(error, message, type, name, configs);
            }

            r.SkipTaggedFields(flex);
            return new DescribeConfigsApi.Response(results, throttle);
        }
    }
}
