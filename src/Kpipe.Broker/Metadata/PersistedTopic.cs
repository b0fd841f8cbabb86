using System.Text.Json.Serialization;

namespace Kpipe.Broker.Metadata;

/// <summary>One topic as stored in <c>topics.json</c>.</summary>
internal sealed record PersistedTopic(string Name, Guid TopicId, int PartitionCount, Dictionary<string, string> Configs);

/// <summary>The content of <c>topics.json</c>.</summary>
internal sealed record PersistedTopics(int Version, List<PersistedTopic> Topics);

/// <summary>Source-generated JSON for the topic store.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PersistedTopics))]
internal sealed partial class MetadataJsonContext : JsonSerializerContext;
