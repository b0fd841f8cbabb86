// DescribeTransactions: v0 (KIP-664, flexible). Each transactional id's state, producer id and epoch, timeout, start
// time (-1 when no transaction has started) and the partitions of its current transaction; an unknown id gets
// TRANSACTIONAL_ID_NOT_FOUND. This node coordinates every transactional id, so no id gets NOT_COORDINATOR.

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Describes transactional ids as <c>kafka-transactions.sh describe</c> shows them.</summary>
internal sealed class DescribeTransactionsApi(TransactionCoordinator transactions) : ApiHandler<DescribeTransactionsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.DescribeTransactions, 0, 0, 0);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new DescribeTransactionsApi(services.Transactions);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request));

    /// <summary>DescribeTransactions request: the transactional ids (empty = none).</summary>
    public sealed record Request(IReadOnlyList<string> TransactionalIds) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var ids = r.ReadStringArray(true);
            r.SkipTaggedFields(true);
            return new Request(ids);
        }
    }

    /// <summary>DescribeTransactions response: one entry per asked id.</summary>
    public sealed record Response(IReadOnlyList<Response.TransactionState> TransactionStates, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One transactional id's producer and current transaction.</summary>
        public sealed record TransactionState(
            ErrorCode ErrorCode,
            string TransactionalId,
            string State,
            int TransactionTimeoutMs,
            long TransactionStartTimeMs,
            long ProducerId,
            short ProducerEpoch,
            IReadOnlyList<TopicData<int>> Topics) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteInt16((short)ErrorCode);
                w.WriteString(TransactionalId, true);
                w.WriteString(State, true);
                w.WriteInt32(TransactionTimeoutMs);
                w.WriteInt64(TransactionStartTimeMs);
                w.WriteInt64(ProducerId);
                w.WriteInt16(ProducerEpoch);
                w.WriteArrayLength(Topics.Count, true);
                foreach (var topic in Topics)
                {
                    w.WriteString(topic.Name, true);
                    w.WriteInt32Array(topic.Partitions, true);
                    w.WriteEmptyTaggedFields(true);
                }

                w.WriteEmptyTaggedFields(true);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteArray(TransactionStates, version);
            w.WriteEmptyTaggedFields(true);
        }
    }

    /// <summary>Describes each asked id, in the request's order.</summary>
    public Response Handle(Request request) =>
        new([.. request.TransactionalIds.Select(id => transactions.Describe(id) is { } d
            ? new Response.TransactionState(ErrorCode.None, id, d.State.ToString(), d.TimeoutMs, d.StartedMs, d.ProducerId, d.ProducerEpoch,
                [.. d.Partitions.GroupBy(p => p.Topic).Select(t => new TopicData<int>(t.Key, [.. t.Select(p => p.Partition)]))])
            : new Response.TransactionState(ErrorCode.TransactionalIdNotFound, id, "", 0, -1, -1, -1, []))]);
}
