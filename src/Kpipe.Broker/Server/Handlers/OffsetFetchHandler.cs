using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// OffsetFetch v1–7 (v2 null topics = all and a group error, v3 throttle time, v5 leader epoch, v6 flexible, v7
/// require_stable, always satisfied without transactions). A partition without a commit answers -1. We do not serve
/// v8+ (several groups per request).
/// </summary>
internal sealed class OffsetFetchHandler(Groups.GroupCoordinator groups)
{
    /// <summary>Reads the group's committed offsets.</summary>
    public OffsetFetchResponse Handle(OffsetFetchRequest request)
    {
        var offsets = groups.FetchOffsets(request.GroupId, request.Topics?.Select(t => new Groups.TopicPartitions(t.Name, t.PartitionIndexes)).ToList());
        return new OffsetFetchResponse(
            [.. offsets.GroupBy(o => o.Topic).Select(t => new OffsetFetchResponse.Topic(t.Key,
                [.. t.Select(o => new OffsetFetchResponse.Partition(o.Partition, o.Offset, o.LeaderEpoch, o.Metadata, Protocol.ErrorCode.None))]))]);
    }
}
