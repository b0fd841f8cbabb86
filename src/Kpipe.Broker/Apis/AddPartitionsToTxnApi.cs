// AddPartitionsToTxn: v0–v3. v1 is v0, v2 may answer PRODUCER_FENCED (v0–v1 get INVALID_PRODUCER_EPOCH instead),
// v3 flexible encoding. Every partition must exist; when one does not, it gets UNKNOWN_TOPIC_OR_PARTITION and the
// others OPERATION_NOT_ATTEMPTED, as in Kafka.
// We deliberately do not serve v4+ (the broker-to-broker batched form of KIP-890).

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Apis;

/// <summary>Adds partitions to a producer's ongoing transaction (starting it if needed).</summary>
internal sealed class AddPartitionsToTxnApi(TransactionCoordinator transactions) : ApiHandler<AddPartitionsToTxnApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.AddPartitionsToTxn, 0, 3, 3);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new AddPartitionsToTxnApi(services.Transactions);

    /// <inheritdoc />
    protected override ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken) =>
        call.Respond(TransactionAccess.AddPartitions(call.Access, request) ?? Handle(request, call.Version.Value));

    /// <summary>AddPartitionsToTxn request: the transactional id, its producer and the partitions per topic.</summary>
    public sealed record Request(string TransactionalId, long ProducerId, short ProducerEpoch, IReadOnlyList<TopicData<int>> Topics) : IRequestBody<Request>
    {
        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var transactionalId = r.ReadString(flex);
            var producerId = r.ReadInt64();
            var epoch = r.ReadInt16();
            var count = r.ReadArrayCount(flex);
            var topics = new ArrayBuilder<TopicData<int>>(count);
            for (var i = 0; i < count && !r.Failed; i++)
            {
                var name = r.ReadString(flex);
                var partitions = r.ReadInt32Array(flex);
                r.SkipTaggedFields(flex);
                topics.Add(new TopicData<int>(name, partitions));
            }

            r.SkipTaggedFields(flex);
            return new Request(transactionalId, producerId, epoch, topics.ToArray());
        }
    }

    /// <summary>AddPartitionsToTxn response: an error code per partition.</summary>
    public sealed record Response(IReadOnlyList<TopicData<Response.Partition>> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>One partition's outcome.</summary>
        public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode) : IWireWritable
        {
            /// <summary>Encodes one partition entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                w.WriteInt32(PartitionIndex);
                w.WriteInt16((short)ErrorCode);
                w.WriteEmptyTaggedFields(version.Flexible);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            w.WriteInt32(ThrottleTimeMs);
            w.WriteTopics(Topics, version);
            w.WriteEmptyTaggedFields(version.Flexible);
        }
    }

    /// <summary>Adds the partitions; the errors are those of <paramref name="version"/>.</summary>
    public Response Handle(Request request, short version)
    {
        var partitions = request.Topics.SelectMany(t => t.Partitions.Select(p => new TransactionPartition(t.Name, p))).ToList();
        var results = transactions.AddPartitions(request.TransactionalId, request.ProducerId, request.ProducerEpoch, partitions);
        return new Response([.. results
            .GroupBy(r => r.Partition.Topic)
            .Select(t => new TopicData<Response.Partition>(t.Key, [.. t.Select(r => new Response.Partition(r.Partition.Partition, TransactionErrors.ForVersion(r.Error, version, 2)))]))]);
    }
}
