using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Apis;

/// <summary>What each API declares about itself in its own file, so <see cref="ApiRegistry"/> only has to list it.</summary>
internal interface IApi
{
    /// <summary>The versions served, and the first flexible one.</summary>
    static abstract ApiVersionRange Versions { get; }

    /// <summary>Builds the API's handler over the broker's services.</summary>
    static abstract IApiHandler Create(ApiServices services);
}
