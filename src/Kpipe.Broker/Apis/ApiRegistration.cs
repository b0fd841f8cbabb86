using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Apis;

/// <summary>One row of <see cref="ApiRegistry"/>: an API's versions, how to build its handler and how to decode its request.</summary>
internal abstract class ApiRegistration(ApiVersionRange versions)
{
    /// <summary>The versions served, and the first flexible one.</summary>
    public ApiVersionRange Versions { get; } = versions;

    /// <summary>Builds the API's handler.</summary>
    public abstract IApiHandler Create(ApiServices services);

    /// <summary>Decodes a request body at <paramref name="version"/>; false when it is malformed.</summary>
    public abstract bool TryDecode(ReadOnlyMemory<byte> body, MessageVersion version, out object request);
}
