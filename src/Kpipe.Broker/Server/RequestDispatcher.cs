using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Server;

/// <summary>
/// Checks a request's version against <see cref="ApiRegistry"/> and hands it to its API's handler: a table
/// indexed by api key, built once from the registry. Adding an API = an Apis file and a registry line.
/// </summary>
internal sealed class RequestDispatcher(BrokerContext context, Groups.GroupCoordinator groups, Producers.ProducerIdManager producerIds, Producers.ProducerStateManager producerStates, Transactions.TransactionCoordinator transactions, Authorization.AclAuthorizer? authorizer = null)
{
    private readonly IApiHandler?[] _handlers = ApiRegistry.CreateHandlers(new ApiServices(context, groups, producerIds, producerStates, transactions, authorizer));
    private readonly ApiVersionsApi.Response _unsupportedVersion = ApiVersionsApi.UnsupportedVersion();

    /// <summary>Handles one request, appending its framed response (if any) to <paramref name="output"/>.</summary>
    public ValueTask<DispatchResult> DispatchAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter output, string clientHost, Security.SaslSession? sasl, CancellationToken cancellationToken)
    {
        var version = header.ApiVersion;
        if (!ApiRegistry.TryGet(header.ApiKey, out var range) || !range.Supports(version))
        {
            if (header.ApiKey != ApiKey.ApiVersions)
            {
                return new(DispatchResult.UnsupportedRequest);
            }

            // A v0-shaped UNSUPPORTED_VERSION answer listing our range, so the client can step down (KIP-511).
            return new ApiCall(header, new MessageVersion(0, Flexible: false), body, output, clientHost).Respond(_unsupportedVersion);
        }

        return _handlers[(int)header.ApiKey]!.HandleAsync(new ApiCall(header, range.At(version), body, output, clientHost, sasl, authorizer), cancellationToken);
    }
}
