using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// ApiVersions v0–3: answers with <see cref="ApiRegistry.All"/>. v1 adds throttle time, v3 flexible encoding
/// and the client's software name (read, not validated). A version above 3 gets the v0-shaped
/// UNSUPPORTED_VERSION fallback (written by the dispatcher). We do not advertise features (v3 tags).
/// </summary>
internal sealed class ApiVersionsHandler
{
    private readonly ApiVersionsResponse _response = new(ErrorCode.None, ApiRegistry.All);

    /// <summary>The supported list; the same immutable answer for everyone.</summary>
    public ApiVersionsResponse Handle() => _response;

    /// <summary>The answer to a version we do not know: UNSUPPORTED_VERSION plus our list, so the client can pick.</summary>
    public ApiVersionsResponse Unsupported { get; } = new(ErrorCode.UnsupportedVersion, ApiRegistry.All);
}
