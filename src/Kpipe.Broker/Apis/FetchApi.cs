// Fetch: v4–v12. v4 adds the last stable offset and aborted transactions: isolation level 1 (read_committed) reads
// only below the last stable offset (the first offset of the earliest open transaction) and gets the aborted
// transactions the returned batches overlap, so the client drops their records; read_uncommitted reads up to the high
// watermark and gets none (both get the LSO).
// v5 log start offset, v7 sessions, v9 current leader epoch (checked against epoch 0), v11 rack id (read, ignored)
// and preferred read replica (-1), v12 flexible encoding. Long poll: parks until min_bytes are available or
// max_wait_ms passes, woken by appends (no polling). max_bytes and partition_max_bytes are honoured, but a first
// batch larger than them is still returned whole (as Kafka does, so a consumer can always progress).
// We deliberately do not: keep fetch sessions (answered sessionless, session_id 0; forgotten topics are read and
// ignored, so clients send full requests); serve topic ids (v13+).

using System.Buffers;
using Kpipe.Broker.Authorization;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Apis;

/// <summary>Reads record batches from the requested partitions, long-polling for data.</summary>
internal sealed class FetchApi(BrokerContext context, ProducerStateManager producerStates) : ApiHandler<FetchApi.Request>, IApi
{
    /// <inheritdoc />
    public static ApiVersionRange Versions { get; } = new(ApiKey.Fetch, 4, 12, 12);

    /// <inheritdoc />
    public static IApiHandler Create(ApiServices services) => new FetchApi(services.Context, services.ProducerStates);

    /// <inheritdoc />
    protected override async ValueTask<DispatchResult> AnswerAsync(ApiCall call, Request request, CancellationToken cancellationToken)
    {
        var response = await HandleAsync(request, cancellationToken, call.Access).ConfigureAwait(false);
        try
        {
            return call.Write(response);
        }
        finally
        {
            response.ReturnRented();
        }
    }

    /// <summary>Fetch request: limits, and per partition where to read from and how much.</summary>
    public sealed record Request(int ReplicaId, int MaxWaitMs, int MinBytes, int MaxBytes, sbyte IsolationLevel, int SessionId, int SessionEpoch, IReadOnlyList<TopicData<Request.Partition>> Topics, string RackId = "") : IRequestBody<Request>
    {
        /// <summary>Where to read one partition from, and how much.</summary>
        public sealed record Partition(int PartitionIndex, int CurrentLeaderEpoch, long FetchOffset, int LastFetchedEpoch, long LogStartOffset, int PartitionMaxBytes) : IWireReadable<Partition>
        {
            /// <summary>Decodes one partition entry.</summary>
            public static Partition Read(ref KafkaReader r, MessageVersion version)
            {
                var flex = version.Flexible;
                var index = r.ReadInt32();
                var leaderEpoch = version >= 9 ? r.ReadInt32() : -1;
                var offset = r.ReadInt64();
                var lastFetchedEpoch = version >= 12 ? r.ReadInt32() : -1;
                var logStart = version >= 5 ? r.ReadInt64() : -1;
                var partitionMax = r.ReadInt32();
                r.SkipTaggedFields(flex);
                return new Partition(index, leaderEpoch, offset, lastFetchedEpoch, logStart, partitionMax);
            }
        }

        /// <summary>Decodes the body.</summary>
        public static Request Read(ref KafkaReader r, MessageVersion version)
        {
            var flex = version.Flexible;
            var replicaId = r.ReadInt32();
            var maxWait = r.ReadInt32();
            var minBytes = r.ReadInt32();
            var maxBytes = r.ReadInt32();
            var isolation = r.ReadInt8();
            var sessionId = version >= 7 ? r.ReadInt32() : 0;
            var sessionEpoch = version >= 7 ? r.ReadInt32() : -1;
            var topics = r.ReadTopics<Partition>(version);

            if (version >= 7)
            {
                var forgotten = r.ReadArrayCount(flex);
                for (var i = 0; i < forgotten && !r.Failed; i++)
                {
                    r.ReadString(flex);
                    r.ReadInt32Array(flex);
                    r.SkipTaggedFields(flex);
                }
            }

            var rack = version >= 11 ? r.ReadString(flex) : string.Empty;
            r.SkipTaggedFields(flex);
            return new Request(replicaId, maxWait, minBytes, maxBytes, isolation, sessionId, sessionEpoch, topics, rack);
        }
    }

    /// <summary>Fetch response: per partition the error, watermarks, log start and the stored batches.</summary>
    public sealed record Response(ErrorCode ErrorCode, int SessionId, IReadOnlyList<TopicData<Response.Partition>> Topics, int ThrottleTimeMs = 0) : IResponseBody
    {
        /// <summary>
        /// One partition's result; <see cref="Records"/> holds whole batches as stored (in <see cref="Rented"/> when the
        /// log lent a pooled array), <see cref="AbortedTransactions"/> (read_committed) those they overlap.
        /// </summary>
        public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode, long HighWatermark, long LastStableOffset, long LogStartOffset, int PreferredReadReplica, ReadOnlyMemory<byte> Records, IReadOnlyList<AbortedTransaction>? AbortedTransactions = null, byte[]? Rented = null) : IWireWritable
        {
            /// <summary>Encodes one partition entry.</summary>
            public void Write(KafkaWriter w, MessageVersion version)
            {
                var flex = version.Flexible;
                w.WriteInt32(PartitionIndex);
                w.WriteInt16((short)ErrorCode);
                w.WriteInt64(HighWatermark);
                w.WriteInt64(LastStableOffset);
                if (version >= 5)
                {
                    w.WriteInt64(LogStartOffset);
                }

                var aborted = AbortedTransactions ?? [];
                w.WriteArrayLength(aborted.Count, flex);
                foreach (var transaction in aborted)
                {
                    w.WriteInt64(transaction.ProducerId);
                    w.WriteInt64(transaction.FirstOffset);
                    w.WriteEmptyTaggedFields(flex);
                }

                if (version >= 11)
                {
                    w.WriteInt32(PreferredReadReplica);
                }

                w.WriteNullableBytes(Records.Span, flex);
                w.WriteEmptyTaggedFields(flex);
            }
        }

        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, MessageVersion version)
        {
            var flex = version.Flexible;
            w.WriteInt32(ThrottleTimeMs);
            if (version >= 7)
            {
                w.WriteInt16((short)ErrorCode);
                w.WriteInt32(SessionId);
            }

            w.WriteTopics(Topics, version);
            w.WriteEmptyTaggedFields(flex);
        }

        /// <summary>Gives the arrays the logs lent back to the pool, once the response is written or dropped; its records must not be used afterwards.</summary>
        public void ReturnRented()
        {
            foreach (var topic in Topics)
            {
                foreach (var partition in topic.Partitions)
                {
                    if (partition.Rented is { } rented)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }
                }
            }
        }
    }

    /// <summary>Reads the requested partitions, waiting for data as the request allows.</summary>
    public async ValueTask<Response> HandleAsync(Request request, CancellationToken cancellationToken, RequestAccess access = default)
    {
        var response = Read(request, access, out var bytes, out var anyError);
        if (request.MaxWaitMs <= 0 || bytes >= request.MinBytes || anyError || request.Topics.Count == 0)
        {
            return response;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(request.MaxWaitMs);
        while (!deadline.IsCancellationRequested)
        {
            var waits = new List<Task>();
            foreach (var topic in request.Topics)
            {
                foreach (var partition in topic.Partitions)
                {
                    if (context.Topics.GetLog(topic.Name, partition.PartitionIndex) is { } log)
                    {
                        waits.Add(log.WaitForAppendAsync(Math.Max(log.LogEndOffset, partition.FetchOffset), deadline.Token));
                    }
                }
            }

            if (waits.Count == 0)
            {
                break;
            }

            await Task.WhenAny(waits).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            response.ReturnRented();
            response = Read(request, access, out bytes, out anyError);
            if (bytes >= request.MinBytes || anyError)
            {
                return response;
            }
        }

        response.ReturnRented();
        return Read(request, access, out _, out _);
    }

    private Response Read(Request request, RequestAccess access, out long totalBytes, out bool anyError)
    {
        var answer = new BudgetedRead(request.MaxBytes <= 0 ? int.MaxValue : request.MaxBytes, producerStates, request.IsolationLevel == ReadCommitted);
        var topics = PartitionAnswers.Collect<Request.Partition, Response.Partition, BudgetedRead>(context.Topics, request.Topics, ref answer, access, AclOperation.Read);
        totalBytes = answer.TotalBytes;
        anyError = answer.AnyError;
        return new Response(ErrorCode.None, 0, topics);
    }

    private const sbyte ReadCommitted = 1;

    /// <summary>Reads partitions in request order out of one response-wide byte budget; when <paramref name="readCommitted"/> only below the last stable offset.</summary>
    private struct BudgetedRead(int budget, ProducerStateManager producerStates, bool readCommitted) : IPartitionAnswer<Request.Partition, Response.Partition>
    {
        private readonly ProducerStateManager _producerStates = producerStates;
        private readonly bool _readCommitted = readCommitted;

        private int _budget = budget;

        public long TotalBytes { get; private set; }

        public bool AnyError { get; private set; }

        public readonly int PartitionIndex(Request.Partition partition) => partition.PartitionIndex;

        public Response.Partition FromLog(Request.Partition partition, IPartitionLog log)
        {
            var epochError = LeaderEpoch.Check(partition.CurrentLeaderEpoch);
            if (epochError != ErrorCode.None)
            {
                AnyError = true;
                return new Response.Partition(partition.PartitionIndex, epochError, -1, -1, -1, -1, ReadOnlyMemory<byte>.Empty);
            }

            var limit = Math.Min(Math.Max(partition.PartitionMaxBytes, 0), _budget);
            // At least one batch until the first non-empty partition (v3+); afterwards the limits are hard.
            var highWatermark = log.LogEndOffset;
            var lastStable = _producerStates.LastStableOffset(log);
            var read = log.Read(partition.FetchOffset, limit, minOneBatch: TotalBytes == 0);
            if (read.Error != ErrorCode.None)
            {
                AnyError = true;
            }

            IReadOnlyList<AbortedTransaction>? aborted = null;
            var records = read.Records;
            if (_readCommitted && read.Error == ErrorCode.None)
            {
                records = BelowOffset(records, lastStable, out var readUpTo);
                aborted = records.IsEmpty ? null : _producerStates.AbortedTransactions(log, partition.FetchOffset, readUpTo);
            }

            TotalBytes += records.Length;
            _budget = (int)Math.Max(0, _budget - records.Length);
            return new Response.Partition(partition.PartitionIndex, read.Error, highWatermark, lastStable, log.LogStartOffset, -1, records, aborted, read.Rented);
        }

        /// <summary>The whole batches of <paramref name="records"/> that start below <paramref name="offset"/>, and the offset after the last of them.</summary>
        private static ReadOnlyMemory<byte> BelowOffset(ReadOnlyMemory<byte> records, long offset, out long readUpTo)
        {
            var kept = 0;
            readUpTo = -1;
            var span = records.Span;
            while (RecordBatchHeader.TryRead(span[kept..], out var header) && header.BaseOffset < offset && header.TotalSize <= span.Length - kept)
            {
                kept += header.TotalSize;
                readUpTo = header.LastOffset + 1;
            }

            return records[..kept];
        }

        public Response.Partition Refuse(Request.Partition partition, ErrorCode error)
        {
            AnyError = true;
            return new Response.Partition(partition.PartitionIndex, error, -1, -1, -1, -1, ReadOnlyMemory<byte>.Empty);
        }
    }
}
