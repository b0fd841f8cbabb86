using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// DeleteRecords v0–2 (v1 same shape, v2 flexible encoding): moves each partition's log start forward;
/// -1 means the high watermark, beyond it OFFSET_OUT_OF_RANGE; the low watermark is the new log start.
/// </summary>
internal sealed class DeleteRecordsHandler(BrokerContext context)
{
    /// <summary>Deletes records before the given offsets.</summary>
    public DeleteRecordsResponse Handle(DeleteRecordsRequest request)
    {
        var topics = new DeleteRecordsResponse.Topic[request.Topics.Count];
        for (var i = 0; i < topics.Length; i++)
        {
            var topic = request.Topics[i];
            var partitions = new DeleteRecordsResponse.Partition[topic.Partitions.Count];
            for (var j = 0; j < partitions.Length; j++)
            {
                var p = topic.Partitions[j];
                var log = context.Topics.GetLog(topic.Name, p.Index);
                if (log is null)
                {
                    partitions[j] = new DeleteRecordsResponse.Partition(p.Index, -1, ErrorCode.UnknownTopicOrPartition);
                    continue;
                }

                var error = log.DeleteRecordsBefore(p.Offset, out var logStart);
                partitions[j] = new DeleteRecordsResponse.Partition(p.Index, error == ErrorCode.None ? logStart : -1, error);
            }

            topics[i] = new DeleteRecordsResponse.Topic(topic.Name, partitions);
        }

        return new DeleteRecordsResponse(topics);
    }
}
