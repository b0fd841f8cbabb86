using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// ListOffsets v1–7: -1 latest (HW; LSO is the same without transactions), -2 earliest, -3 max timestamp
/// (v7), t ≥ 0 through the time index. v2 adds isolation level and throttle time, v4 leader epochs
/// (answered -1), v6 flexible encoding. We do not serve v0's multi-offset answer.
/// </summary>
internal sealed class ListOffsetsHandler(BrokerContext context)
{
    /// <summary>Looks each partition's timestamp up in its log.</summary>
    public ListOffsetsResponse Handle(ListOffsetsRequest request)
    {
        var topics = new ListOffsetsResponse.Topic[request.Topics.Count];
        for (var i = 0; i < topics.Length; i++)
        {
            var topic = request.Topics[i];
            var partitions = new ListOffsetsResponse.Partition[topic.Partitions.Count];
            for (var j = 0; j < partitions.Length; j++)
            {
                var p = topic.Partitions[j];
                var log = context.Topics.GetLog(topic.Name, p.Index);
                if (log is null)
                {
                    partitions[j] = new ListOffsetsResponse.Partition(p.Index, ErrorCode.UnknownTopicOrPartition, -1, -1);
                    continue;
                }

                var found = log.LookupOffset(p.Timestamp);
                partitions[j] = new ListOffsetsResponse.Partition(p.Index, found.Error, found.Timestamp, found.Offset);
            }

            topics[i] = new ListOffsetsResponse.Topic(topic.Name, partitions);
        }

        return new ListOffsetsResponse(topics);
    }
}
