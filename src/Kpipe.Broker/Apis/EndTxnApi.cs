// EndTxn: v0–v3. v1 is v0, v2 may answer PRODUCER_FENCED (v0–v1 get INVALID_PRODUCER_EPOCH instead), v3 flexible
// encoding. Commit or abort markers are written to every partition of the transaction and, on commit, its offsets
// reach their groups, before the answer; a retried EndTxn of a finished transaction is answered NONE.
// We deliberately do not serve v4+ (KIP-890: TRANSACTION_ABORTABLE, an epoch bump per transaction).

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Commits or aborts a producer's ongoing transaction.</summary>
internal sealed class EndTxnApi(TransactionCoordinator transactions) : ApiHandler<EndTxnApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.EndTxn, 0, 3, 3);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new EndTxnApi(services.Transactions);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(TransactionAccess.Transaction(call.Access, request.TransactionalId) is var refused and not ErrorCode.None ? new Response(refused) : Handle(request, call.Version.Value));

    /// <summary>EndTxn request: the transactional id, its producer, and commit (true) or abort.</summary>
    public sealed record Request(string TransactionalId, long ProducerId, short ProducerEpoch, bool Committed) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var request = new Request(r.ReadString(flex), r.ReadInt64(), r.ReadInt16(), r.ReadBool());
            r.SkipTaggedFields(flex);
            return request;
        }
    }

    /// <summary>EndTxn response: one error code.</summary>
    public sealed record Response(ErrorCode ErrorCode, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteInt16((short)ErrorCode);
            w.WriteEmptyTaggedFields(version.Flexible);
        }
    }

    /// <summary>Ends the transaction; the error is one <paramref name="version"/> knows.</summary>
    public Response Handle(Request request, short version) =>
        new(TransactionErrors.ForVersion(transactions.EndTransaction(request.TransactionalId, request.ProducerId, request.ProducerEpoch, request.Committed), version, 2));
}
