// AlterConfigs (KIP-133): v0–v2 (v2 flexible), topic (2) and broker (4) resources. Replaces every config of a resource
// with the given set: configs not named return to their defaults. Each resource is changed all or none and gets its
// own error: UNKNOWN_TOPIC_OR_PARTITION for a missing topic, INVALID_CONFIG for an unknown name or a bad value,
// INVALID_REQUEST for a repeated name, a null value or another broker id. validate_only checks without changing.
// Changes are persisted (topics.json, broker-configs.json) before the answer and apply to the partitions at once.
// The broker's dynamic configs are the log defaults (log.retention.ms, message.max.bytes, …); others get INVALID_CONFIG.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Configs;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Replaces topic and dynamic broker configs.</summary>
internal sealed class AlterConfigsApi(BrokerContext context) : ApiHandler<AlterConfigsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.AlterConfigs, 0, 2, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new AlterConfigsApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>AlterConfigs request: per resource the full set of configs it should have.</summary>
    public sealed record Request(IReadOnlyList<Request.Resource> Resources, bool ValidateOnly) : IRequestBody<Request>
    {
        /// <summary>One resource and its configs (name, value).</summary>
        public sealed record Resource(sbyte ResourceType, string ResourceName, IReadOnlyList<KeyValuePair<string, string?>> Configs) : IWireReadable<Resource>
        {
            /// <summary>Decodes one entry.</summary>
            public static Resource Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var type = r.ReadInt8();
                var name = r.ReadString(flex);
                var count = r.ReadArrayCount(flex);
                var configs = new ArrayBuilder<KeyValuePair<string, string?>>(count);
                for (var i = 0; i < count && !r.Failed; i++)
                {
                    configs.Add(new(r.ReadString(flex), r.ReadNullableString(flex)));
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                return new Resource(type, name, configs.ToArray());
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var resources = r.ReadArray<Resource>(version);
            var validateOnly = r.ReadBool();
            r.SkipTaggedFields(version.Flexible);
            return new Request(resources, validateOnly);
        }
    }

    /// <summary>AlterConfigs response: one error per resource.</summary>
    public sealed record Response(IReadOnlyList<ConfigResourceResult> Responses, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteArray(Responses, version);
            w.WriteEmptyTaggedFields(version.Flexible);
        }
    }

    /// <summary>Applies each resource's configs.</summary>
    public Response Handle(Request request, RequestAccess access = default) =>
        new([.. request.Resources.Select(resource =>
        {
            var alterations = resource.Configs.Select(c => new ConfigAlteration(c.Key, ConfigOperation.Set, c.Value)).ToArray();
            var outcome = ConfigResourceChanges.Apply(context, access, resource.ResourceType, resource.ResourceName, alterations, replace: true, request.ValidateOnly);
            return new ConfigResourceResult(outcome.Error, outcome.Message, resource.ResourceType, resource.ResourceName);
        })]);
}
