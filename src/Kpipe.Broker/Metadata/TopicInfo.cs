namespace Kpipe.Broker.Metadata;

/// <summary>A topic as it exists: name, id, partition count and the configs set on it.</summary>
public sealed record TopicInfo(string Name, Guid TopicId, int PartitionCount, IReadOnlyDictionary<string, string> ConfigOverrides);
