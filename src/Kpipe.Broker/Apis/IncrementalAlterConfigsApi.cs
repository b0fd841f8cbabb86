// IncrementalAlterConfigs (KIP-339): v0–v1 (v1 flexible), topic (2) and broker (4) resources. Each config gets an
// operation: SET, DELETE (back to the default), APPEND or SUBTRACT (list configs only, such as cleanup.policy; on any
// other INVALID_REQUEST, as Kafka answers). Errors, validate_only and persistence are as for AlterConfigs.

using Kpipe.Broker.Authorization;
using Kpipe.Broker.Configs;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Changes single topic and dynamic broker configs.</summary>
internal sealed class IncrementalAlterConfigsApi(BrokerContext context) : ApiHandler<IncrementalAlterConfigsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.IncrementalAlterConfigs, 0, 1, 1);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new IncrementalAlterConfigsApi(services.Context);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request, call.Access));

    /// <summary>IncrementalAlterConfigs request: per resource the operations on single configs.</summary>
    public sealed record Request(IReadOnlyList<Request.Resource> Resources, bool ValidateOnly) : IRequestBody<Request>
    {
        /// <summary>One resource and its config operations.</summary>
        public sealed record Resource(sbyte ResourceType, string ResourceName, IReadOnlyList<ConfigAlteration> Configs) : IWireReadable<Resource>
        {
            /// <summary>Decodes one entry.</summary>
            public static Resource Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var type = r.ReadInt8();
                var name = r.ReadString(flex);
                var count = r.ReadArrayCount(flex);
                var configs = new ArrayBuilder<ConfigAlteration>(count);
                for (var i = 0; i < count && !r.Failed; i++)
                {
                    var configName = r.ReadString(flex);
                    var operation = (ConfigOperation)r.ReadInt8();
                    configs.Add(new ConfigAlteration(configName, operation, r.ReadNullableString(flex)));
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

    /// <summary>IncrementalAlterConfigs response: one error per resource.</summary>
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

    /// <summary>Applies each resource's operations.</summary>
    public Response Handle(Request request, RequestAccess access = default) =>
        new([.. request.Resources.Select(resource =>
        {
            var outcome = ConfigResourceChanges.Apply(context, access, resource.ResourceType, resource.ResourceName, resource.Configs, replace: false, request.ValidateOnly);
            return new ConfigResourceResult(outcome.Error, outcome.Message, resource.ResourceType, resource.ResourceName);
        })]);
}
