using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>OffsetDelete v0: drops committed offsets of topics no member subscribes to (GROUP_SUBSCRIBED_TO_TOPIC otherwise).</summary>
internal sealed class OffsetDeleteHandler(Groups.GroupCoordinator groups)
{
    /// <summary>Deletes the offsets it may.</summary>
    public OffsetDeleteResponse Handle(OffsetDeleteRequest request)
    {
        var result = groups.DeleteOffsets(request.GroupId, [.. request.Topics.Select(t => new Groups.TopicPartitions(t.Name, t.PartitionIndexes))]);
        return new OffsetDeleteResponse(
            result.Error,
            [.. result.Partitions.GroupBy(p => p.Topic).Select(t => new OffsetDeleteResponse.Topic(t.Key, [.. t.Select(p => new OffsetDeleteResponse.Partition(p.Partition, p.Error))]))]);
    }
}
