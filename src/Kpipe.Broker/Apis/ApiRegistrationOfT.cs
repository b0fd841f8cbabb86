using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Apis;

/// <summary>The registry row of <typeparamref name="TApi"/>, whose request type is <typeparamref name="TRequest"/>.</summary>
internal sealed class ApiRegistration<TApi, TRequest>() : ApiRegistration(TApi.Versions)
    where TApi : IApi
    where TRequest : class, IRequestBody<TRequest>
{
    /// <inheritdoc />
    public override IApiHandler Create(ApiServices services) => TApi.Create(services);

    /// <inheritdoc />
    public override bool TryDecode(ReadOnlyMemory<byte> body, MessageVersion version, out object request)
    {
        var ok = IRequestBody<TRequest>.TryRead(body, version, out var typed);
        request = typed;
        return ok;
    }
}
