// AddOffsetsToTxn: v0–v3. v1 is v0, v2 may answer PRODUCER_FENCED (v0–v1 get INVALID_PRODUCER_EPOCH instead),
// v3 flexible encoding. The group's offsets sent with TxnOffsetCommit then commit or abort with the transaction.
// We deliberately do not serve v4 (KIP-890's TRANSACTION_ABORTABLE).

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Adds a consumer group's offsets to a producer's ongoing transaction.</summary>
internal sealed class AddOffsetsToTxnApi(TransactionCoordinator transactions) : ApiHandler<AddOffsetsToTxnApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.AddOffsetsToTxn, 0, 3, 3);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new AddOffsetsToTxnApi(services.Transactions);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(TransactionAccess.Transaction(call.Access, request.TransactionalId, request.GroupId) is var refused and not ErrorCode.None ? new Response(refused) : Handle(request, call.Version.Value));

    /// <summary>AddOffsetsToTxn request: the transactional id, its producer and the group.</summary>
    public sealed record Request(string TransactionalId, long ProducerId, short ProducerEpoch, string GroupId) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var request = new Request(r.ReadString(flex), r.ReadInt64(), r.ReadInt16(), r.ReadString(flex));
            r.SkipTaggedFields(flex);
            return request;
        }
    }

    /// <summary>AddOffsetsToTxn response: one error code.</summary>
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

    /// <summary>Adds the group; the error is one <paramref name="version"/> knows.</summary>
    public Response Handle(Request request, short version) =>
        new(TransactionErrors.ForVersion(transactions.AddOffsets(request.TransactionalId, request.ProducerId, request.ProducerEpoch, request.GroupId), version, 2));
}
