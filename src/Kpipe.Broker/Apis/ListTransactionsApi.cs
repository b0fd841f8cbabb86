// ListTransactions: v0–v1 (KIP-664, flexible). Every transactional id with its producer id and state, filtered by
// state names (unknown names are echoed in unknown_state_filters and match nothing), producer ids and, from v1
// (KIP-994), a minimum running time. Empty filters match everything, as in Kafka.

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Lists transactional ids as <c>kafka-transactions.sh list</c> shows them.</summary>
internal sealed class ListTransactionsApi(TransactionCoordinator transactions) : ApiHandler<ListTransactionsApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.ListTransactions, 0, 1, 0);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new ListTransactionsApi(services.Transactions);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(Handle(request));

    /// <summary>ListTransactions request: state names, producer ids and (v1) a minimum duration in ms (below 0 = any).</summary>
    public sealed record Request(IReadOnlyList<string> StateFilters, IReadOnlyList<long> ProducerIdFilters, long DurationFilter = -1) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var states = r.ReadStringArray(true);
            var count = r.ReadArrayCount(true);
            var producerIds = new ArrayBuilder<long>(count);
            for (var i = 0; i < count && !r.Failed; i++)
            {
                producerIds.Add(r.ReadInt64());
            }

            var duration = version >= 1 ? r.ReadInt64() : -1;
            r.SkipTaggedFields(true);
            return new Request(states, producerIds.ToArray(), duration);
        }
    }

    /// <summary>ListTransactions response: the unknown state names and the matching transactional ids.</summary>
    public sealed record Response(ErrorCode ErrorCode, IReadOnlyList<string> UnknownStateFilters, IReadOnlyList<Response.TransactionState> TransactionStates, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One listed transactional id.</summary>
        public sealed record TransactionState(string TransactionalId, long ProducerId, string State) : IWireWritable
        {
            /// <summary>Encodes one entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteString(TransactionalId, true);
                w.WriteInt64(ProducerId);
                w.WriteString(State, true);
                w.WriteEmptyTaggedFields(true);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteInt16((short)ErrorCode);
            w.WriteStringArray(UnknownStateFilters, true);
            w.WriteArray(TransactionStates, version);
            w.WriteEmptyTaggedFields(true);
        }
    }

    // Kafka's state names; Dead and PrepareEpochFence are known to Kafka but never held here, so they match nothing.
    private static readonly HashSet<string> KafkaStates = [.. Enum.GetNames<Transactions.TransactionState>(), "Dead", "PrepareEpochFence"];

    /// <summary>Lists the transactional ids matching every filter.</summary>
    public Response Handle(Request request)
    {
        var unknown = request.StateFilters.Where(s => !KafkaStates.Contains(s)).Distinct(StringComparer.Ordinal).ToList();
        var states = request.StateFilters.Count == 0 ? null : request.StateFilters.ToHashSet(StringComparer.Ordinal);
        var listed = transactions.List(states, request.ProducerIdFilters.ToHashSet(), request.DurationFilter);
        return new Response(ErrorCode.None, unknown, [.. listed.Select(t => new Response.TransactionState(t.TransactionalId, t.ProducerId, t.State.ToString()))]);
    }
}
