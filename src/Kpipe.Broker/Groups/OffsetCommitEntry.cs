namespace Kpipe.Broker.Groups;

/// <summary>One partition's offset to commit, with its leader epoch (-1 when unknown) and optional metadata.</summary>
public sealed record OffsetCommitEntry(string Topic, int Partition, long Offset, int LeaderEpoch, string? Metadata);
