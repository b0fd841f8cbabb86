// InitProducerId: v0–v4. v2 adds flexible encoding, v3 the current producer id and epoch. A null transactional id
// gets a new producer id with epoch 0, even when v3+ names the old one (bumping is transactional).
// We deliberately do not support transactions: a transactional id is refused; v5 (KIP-890) is not served.

using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>Hands an idempotent producer its producer id and epoch.</summary>
internal sealed class InitProducerIdApi(ProducerIdManager producerIds) : ApiHandler<InitProducerIdApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.InitProducerId, 0, 4, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new InitProducerIdApi(services.ProducerIds);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request));

    /// <summary>InitProducerId request: transactional id (null for idempotence), and the current id and epoch.</summary>
    public sealed record Request(string? TransactionalId, int TransactionTimeoutMs, long ProducerId = -1, short ProducerEpoch = -1) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var transactionalId = r.ReadNullableString(flex);
            var timeout = r.ReadInt32();
            var producerId = version >= 3 ? r.ReadInt64() : -1;
            var epoch = version >= 3 ? r.ReadInt16() : (short)-1;
            r.SkipTaggedFields(flex);
            return new Request(transactionalId, timeout, producerId, epoch);
        }
    }

    /// <summary>InitProducerId response: the producer id and epoch to stamp on batches, or an error.</summary>
    public sealed record Response(ErrorCode ErrorCode, long ProducerId, short ProducerEpoch, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt32(ThrottleTimeMs);
            w.WriteInt16((short)ErrorCode);
            w.WriteInt64(ProducerId);
            w.WriteInt16(ProducerEpoch);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    /// <summary>Allocates a producer id.</summary>
    public Response Handle(Request request)
    {
        var result = producerIds.InitProducerId(request.TransactionalId);
        return new Response(result.Error, result.ProducerId, result.ProducerEpoch);
    }
}
