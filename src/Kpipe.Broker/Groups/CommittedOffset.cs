namespace Kpipe.Broker.Groups;

/// <summary>A committed offset as OffsetFetch returns it: offset -1 (with empty metadata) when nothing was committed.</summary>
public sealed record CommittedOffset(string Topic, int Partition, long Offset, int LeaderEpoch, string Metadata)
{
    /// <summary>The answer for a partition without a commit.</summary>
    public static CommittedOffset None(string topic, int partition) => new(topic, partition, -1, -1, "");
}
