// ApiVersions: v0–v3. v1 adds throttle time; v3 is flexible and carries the client's software name and
// version (read, not validated). Answers with ApiRegistry.All. A version above v3 gets the v0-shaped
// UNSUPPORTED_VERSION answer with our full list, so the client can step down (KIP-511; written by the dispatcher).
// We deliberately do not advertise features (the v3 tagged fields).

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Tells the client which APIs and versions this broker serves.</summary>
internal sealed class ApiVersionsApi : ApiHandler<ApiVersionsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.ApiVersions, 0, 3, 3);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new ApiVersionsApi();

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle());

    /// <summary>ApiVersions request: the client's software name and version.</summary>
    public sealed record Request(string? ClientSoftwareName = null, string? ClientSoftwareVersion = null) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            if (!flex)
            {
                return new Request();
            }

            var request = new Request(r.ReadString(true), r.ReadString(true));
            r.SkipTaggedFields(true);
            return request;
        }
    }

    /// <summary>ApiVersions response: error code, the served (key, min, max) list, throttle time.</summary>
    public sealed record Response(ErrorCode ErrorCode, IReadOnlyList<ApiVersionRange> ApiKeys, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>Encodes the body; the UNSUPPORTED_VERSION fallback is written as <paramref name="version"/> 0.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt16((short)ErrorCode);
            w.WriteArrayLength(ApiKeys.Count, flex);
            foreach (var api in ApiKeys)
            {
                w.WriteInt16((short)api.Key);
                w.WriteInt16(api.MinVersion);
                w.WriteInt16(api.MaxVersion);
                w.WriteEmptyTaggedFields(flex);
            }

            if (version >= 1)
            {
                w.WriteInt32(ThrottleTimeMs);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    private readonly Response _response = new(ErrorCode.None, ApiRegistry.All);

    /// <summary>The supported list; the same immutable answer for everyone.</summary>
    public Response Handle() => _response;

    /// <summary>The answer to a version we do not know: UNSUPPORTED_VERSION plus our list, so the client can pick.</summary>
    public static Response UnsupportedVersion() => new(ErrorCode.UnsupportedVersion, ApiRegistry.All);
}
