using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>One API's entry in the dispatch table: decodes its request, answers it and frames the response.</summary>
internal interface IApiHandler
{
    /// <summary>Handles one call whose version the dispatcher has already checked against the registry.</summary>
    ValueTask<DispatchResult> HandleAsync(ApiCall call, CancellationToken cancellationToken);
}
