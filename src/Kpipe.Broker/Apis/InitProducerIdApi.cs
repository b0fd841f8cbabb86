// InitProducerId: v0–v4. v2 adds flexible encoding, v3 the current producer id and epoch, v4 PRODUCER_FENCED (v0–v3
// get INVALID_PRODUCER_EPOCH instead). A null transactional id gets a new producer id with epoch 0, even when v3+ names
// the old one. A transactional id goes to the transaction coordinator: same producer id, next epoch (fencing older
// producers); an open transaction is aborted and answered CONCURRENT_TRANSACTIONS, which the client retries, as in
// Kafka. A timeout above transaction.max.timeout.ms gets INVALID_TRANSACTION_TIMEOUT.
// We deliberately do not serve v5 (KIP-890).

using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Hands an idempotent or transactional producer its producer id and epoch.</summary>
internal sealed class InitProducerIdApi(ProducerIdManager producerIds, TransactionCoordinator transactions) : ApiHandler<InitProducerIdApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.InitProducerId, 0, 4, 2);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new InitProducerIdApi(services.ProducerIds, services.Transactions);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(TransactionAccess.InitProducerId(call.Access, request.TransactionalId) is var refused and not ErrorCode.None ? new Response(refused, -1, -1) : Handle(request, call.Version.Value));

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

    /// <summary>Allocates a producer id, or binds the transactional id's one to a new epoch; errors are those <paramref name="version"/> knows.</summary>
    public Response Handle(Request request, short version)
    {
        var result = request.TransactionalId is null
            ? producerIds.InitProducerId(null)
            : transactions.InitProducerId(request.TransactionalId, request.TransactionTimeoutMs, request.ProducerId, request.ProducerEpoch);
        return new Response(TransactionErrors.ForVersion(result.Error, version, 4), result.ProducerId, result.ProducerEpoch);
    }
}
