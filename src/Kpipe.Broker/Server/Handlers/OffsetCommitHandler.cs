using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// OffsetCommit v2–8 (v3 throttle time, v5 drops retention_time_ms, v6 leader epoch, v7 group instance id, v8 flexible).
/// Generation -1 with an empty member id is a simple commit from outside the group protocol. Unknown partitions get
/// UNKNOWN_TOPIC_OR_PARTITION; accepted offsets are on disk before the answer. We do not honour a v2–4 retention time
/// (Kafka stopped in v5; offsets.retention.minutes applies) and do not serve v9 (KIP-848 member epochs).
/// </summary>
internal sealed class OffsetCommitHandler(Groups.GroupCoordinator groups)
{
    /// <summary>Validates against the group and stores the offsets.</summary>
    public OffsetCommitResponse Handle(OffsetCommitRequest request)
    {
        var entries = request.Topics
            .SelectMany(t => t.Partitions.Select(p => new Groups.OffsetCommitEntry(t.Name, p.PartitionIndex, p.CommittedOffset, p.CommittedLeaderEpoch, p.CommittedMetadata)))
            .ToList();
        var results = groups.CommitOffsets(new Groups.OffsetCommitCommand(request.GroupId, request.GenerationId, request.MemberId, request.GroupInstanceId, entries));
        return new OffsetCommitResponse(
            [.. results.GroupBy(r => r.Topic).Select(t => new OffsetCommitResponse.Topic(t.Key, [.. t.Select(r => new OffsetCommitResponse.Partition(r.Partition, r.Error))]))]);
    }
}
