using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// Fetch v4–12. v4 adds the last stable offset and aborted transactions (always LSO = HW, none aborted),
/// v5 log start offset, v7 sessions (answered sessionless, session_id 0), v9 current leader epoch (ignored:
/// epochs are -1), v11 rack id and preferred read replica (-1), v12 flexible encoding. Long poll: parks
/// until min_bytes are available or max_wait_ms passes, woken by appends (no polling). max_bytes and
/// partition_max_bytes are honoured with the at-least-one-batch rule (§7). We do not serve topic ids (v13+),
/// fetch sessions, or read_committed beyond LSO = HW (there are no transactions).
/// </summary>
internal sealed class FetchHandler(BrokerContext context)
{
    /// <summary>Reads the requested partitions, waiting for data as the request allows.</summary>
    public async ValueTask<FetchResponse> HandleAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var response = Read(request, out var bytes, out var anyError);
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
                    if (context.Topics.GetLog(topic.Name, partition.Index) is { } log)
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
            response = Read(request, out bytes, out anyError);
            if (bytes >= request.MinBytes || anyError)
            {
                return response;
            }
        }

        return Read(request, out _, out _);
    }

    private FetchResponse Read(FetchRequest request, out long totalBytes, out bool anyError)
    {
        totalBytes = 0;
        anyError = false;
        var budget = request.MaxBytes <= 0 ? int.MaxValue : request.MaxBytes;
        var topics = new FetchResponse.Topic[request.Topics.Count];
        for (var i = 0; i < topics.Length; i++)
        {
            var topic = request.Topics[i];
            var partitions = new FetchResponse.Partition[topic.Partitions.Count];
            for (var j = 0; j < partitions.Length; j++)
            {
                var p = topic.Partitions[j];
                var log = context.Topics.GetLog(topic.Name, p.Index);
                if (log is null)
                {
                    anyError = true;
                    partitions[j] = new FetchResponse.Partition(p.Index, ErrorCode.UnknownTopicOrPartition, -1, -1, -1, -1, ReadOnlyMemory<byte>.Empty);
                    continue;
                }

                var limit = Math.Min(Math.Max(p.PartitionMaxBytes, 0), budget);
                // At least one batch until the first non-empty partition (v3+); afterwards the limits are hard.
                var read = log.Read(p.FetchOffset, limit, minOneBatch: totalBytes == 0);
                var highWatermark = log.LogEndOffset;
                if (read.Error != ErrorCode.None)
                {
                    anyError = true;
                }

                totalBytes += read.Records.Length;
                budget = (int)Math.Max(0, budget - read.Records.Length);
                partitions[j] = new FetchResponse.Partition(p.Index, read.Error, highWatermark, highWatermark, log.LogStartOffset, -1, read.Records);
            }

            topics[i] = new FetchResponse.Topic(topic.Name, partitions);
        }

        return new FetchResponse(ErrorCode.None, 0, topics);
    }
}
