// DescribeConfigs: v1–v4, topic (2) and broker (4) resources. v1 adds config_source and synonyms (sent when asked);
// v2 is the same shape; v3 adds config_type and documentation (sent when asked); v4 is flexible. A null key list means
// every config. The broker named by our node id lists every Kafka broker config; the broker named "" lists the
// cluster-wide dynamic defaults only, as in Kafka. Other resource types, or another broker id, get INVALID_REQUEST.
// We deliberately do not serve v0 (is_default instead of config_source).

using System.Globalization;
using Kpipe.Broker.Authorization;
using Kpipe.Broker.Configs;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Describes topic and broker configs.</summary>
internal sealed class DescribeConfigsApi(BrokerContext context) : ApiHandler<DescribeConfigsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DescribeConfigs, 1, 4, 4);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DescribeConfigsApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>DescribeConfigs request: resources (2 = topic, 4 = broker) and optional key filters.</summary>
    public sealed record Request(IReadOnlyList<Request.Resource> Resources, bool IncludeSynonyms, bool IncludeDocumentation = false) : IRequestBody<Request>
    {
        /// <summary>Kafka's resource type for a topic.</summary>
        public const sbyte TopicResource = 2;

        /// <summary>Kafka's resource type for a broker.</summary>
        public const sbyte BrokerResource = 4;

        /// <summary>One resource; null keys mean every config.</summary>
        public sealed record Resource(sbyte ResourceType, string ResourceName, IReadOnlyList<string>? ConfigurationKeys) : IWireReadable<Resource>
        {
            /// <summary>Decodes one entry.</summary>
            public static Resource Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var type = r.ReadInt8();
                var name = r.ReadString(flex);
                var count = r.ReadArrayLength(flex);
                var keys = new ArrayBuilder<string>(count);
                for (var j = 0; j < count && !r.Failed; j++)
                {
                    keys.Add(r.ReadString(flex));
                }

                r.SkipTaggedFields(flex);
                return new Resource(type, name, count < 0 ? null : keys.ToArray());
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var resources = r.ReadArray<Resource>(version);
            var synonyms = version >= 1 && r.ReadBool();
            var documentation = version >= 3 && r.ReadBool();
            r.SkipTaggedFields(flex);
            return new Request(resources, synonyms, documentation);
        }
    }

    /// <summary>DescribeConfigs response: per resource its configs with value, source, flags, synonyms, type and documentation.</summary>
    public sealed record Response(IReadOnlyList<Response.Result> Results, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One resource's outcome.</summary>
        public sealed record Result(ErrorCode ErrorCode, string? ErrorMessage, sbyte ResourceType, string ResourceName, IReadOnlyList<Config> Configs) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt16((short)ErrorCode);
                w.WriteNullableString(ErrorMessage, flex);
                w.WriteInt8(ResourceType);
                w.WriteString(ResourceName, flex);
                w.WriteArrayLength(Configs.Count, flex);
                foreach (var c in Configs)
                {
                    w.WriteString(c.Name, flex);
                    w.WriteNullableString(c.Value, flex);
                    w.WriteBool(c.ReadOnly);
                    if (version == 0)
                    {
                        w.WriteBool(c.ConfigSource == DefaultSource);
                    }
                    else
                    {
                        w.WriteInt8(c.ConfigSource);
                    }

                    w.WriteBool(c.IsSensitive);
                    if (version >= 1)
                    {
                        w.WriteArrayLength(c.Synonyms.Count, flex);
                        foreach (var synonym in c.Synonyms)
                        {
                            w.WriteString(synonym.Name, flex);
                            w.WriteNullableString(synonym.Value, flex);
                            w.WriteInt8((sbyte)synonym.Source);
                            w.WriteEmptyTaggedFields(flex);
                        }
                    }

                    if (version >= 3)
                    {
                        w.WriteInt8((sbyte)c.ConfigType);
                        w.WriteNullableString(c.Documentation, flex);
                    }

                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>One config entry; <see cref="ConfigSource"/> uses Kafka's wire values (1 topic, 2 and 3 dynamic broker, 4 static broker, 5 default).</summary>
        public sealed record Config(string Name, string? Value, bool ReadOnly, sbyte ConfigSource, bool IsSensitive)
        {
            /// <summary>Every source of the value, highest precedence first (only when the request asked for synonyms).</summary>
            public IReadOnlyList<ConfigSynonym> Synonyms { get; init; } = [];

            /// <summary>The data type (v3+).</summary>
            public ConfigType ConfigType { get; init; }

            /// <summary>What the config does (v3+, only when the request asked for documentation).</summary>
            public string? Documentation { get; init; }
        }

        /// <summary>The config source DEFAULT_CONFIG, which v0 reports as is_default.</summary>
        public const sbyte DefaultSource = 5;

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt32(ThrottleTimeMs);
            w.WriteArray(Results, version);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Describes each resource's configs.</summary>
    public Response Handle(Request request, RequestAccess access = default)
    {
        var results = new Response.Result[request.Resources.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var resource = request.Resources[i];
            results[i] = ConfigResourceChanges.Refusal(access, resource.ResourceType, resource.ResourceName, AclOperation.DescribeConfigs) is { } refusal
                ? Error(resource, refusal.Error, refusal.Message!)
                : Describe(resource, request.IncludeSynonyms, request.IncludeDocumentation);
        }

        return new Response(results);
    }

    private Response.Result Describe(Request.Resource resource, bool synonyms, bool documentation)
    {
        IReadOnlyList<ConfigEntry> entries;
        var layers = BrokerConfigLayers.For(context.Options, context.AdvertisedHost, context.AdvertisedPort, context.Topics.BrokerConfigs);
        switch (resource.ResourceType)
        {
            case Request.TopicResource when context.Topics.TryGetTopic(resource.ResourceName, out var topic):
                entries = TopicConfigView.Describe(topic.ConfigOverrides, layers);
                break;
            case Request.TopicResource:
                return Error(resource, ErrorCode.UnknownTopicOrPartition, $"topic '{resource.ResourceName}' does not exist");
            case Request.BrokerResource when resource.ResourceName.Length == 0:
                entries = BrokerConfigView.Describe(layers, clusterDefaultOnly: true);
                break;
            case Request.BrokerResource when resource.ResourceName == context.NodeId.ToString(CultureInfo.InvariantCulture):
                entries = BrokerConfigView.Describe(layers, clusterDefaultOnly: false);
                break;
            case Request.BrokerResource:
                return Error(resource, ErrorCode.InvalidRequest, $"this broker is node {context.NodeId}, not '{resource.ResourceName}'");
            default:
                return Error(resource, ErrorCode.InvalidRequest, $"resource type {resource.ResourceType} is not served; use 2 (topic) or 4 (broker)");
        }

        var configs = new List<Response.Config>(entries.Count);
        foreach (var entry in entries)
        {
            if (resource.ConfigurationKeys is null || resource.ConfigurationKeys.Contains(entry.Name))
            {
                configs.Add(new Response.Config(entry.Name, entry.Sensitive ? null : entry.Value, entry.ReadOnly, (sbyte)entry.Source, entry.Sensitive)
                {
                    Synonyms = synonyms ? entry.Synonyms : [],
                    ConfigType = entry.Type,
                    Documentation = documentation ? entry.Documentation : null,
                });
            }
        }

        return new Response.Result(ErrorCode.None, null, resource.ResourceType, resource.ResourceName, configs);
    }

    private static Response.Result Error(Request.Resource resource, ErrorCode error, string message) =>
        new(error, message, resource.ResourceType, resource.ResourceName, []);
}
