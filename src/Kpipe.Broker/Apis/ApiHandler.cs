using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>The decode step every API shares: a malformed body closes the connection before the API sees it.</summary>
internal abstract class ApiHandler<TRequest> : IApiHandler where TRequest : IRequestBody<TRequest>
{
    /// <inheritdoc />
    public ValueTask<DispatchResult> HandleAsync(ApiCall call, CancellationToken cancellationToken) =>
        IRequestBody<TRequest>.TryRead(call.Body, call.Version, out var request)
            ? AnswerAsync(call, request, cancellationToken)
            : new(DispatchResult.MalformedRequest);

    /// <summary>Answers a well-formed request, usually with <see cref="ApiCall.Respond"/>.</summary>
    protected abstract ValueTask<DispatchResult> AnswerAsync(ApiCall call, TRequest request, CancellationToken cancellationToken);
}
