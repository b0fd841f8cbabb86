namespace Kpipe.Broker.Groups;

/// <summary>Some partitions of one topic, as OffsetFetch and OffsetDelete name them.</summary>
public sealed record TopicPartitions(string Topic, IReadOnlyList<int> Partitions);
