using System.Text.Json;
using System.Text.Json.Serialization;
using Kpipe.IO;

namespace Kpipe.Broker.Configs;

/// <summary>
/// Reads and atomically rewrites <c>broker-configs.json</c>, where the dynamic broker configs live (Kafka keeps them in
/// its metadata log), so they survive a restart as topic overrides do in <c>topics.json</c>.
/// </summary>
internal sealed class DynamicConfigStore(string dataDirectory)
{
    private const int CurrentVersion = 1;

    public string FilePath { get; } = Path.Combine(dataDirectory, "broker-configs.json");

    /// <summary>The stored configs; none when the file does not exist. A damaged file is an error the operator must see.</summary>
    public DynamicBrokerConfigs Load()
    {
        if (!File.Exists(FilePath))
        {
            return DynamicBrokerConfigs.None;
        }

        try
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), DynamicConfigJsonContext.Default.PersistedBrokerConfigs)
                ?? throw new JsonException("the file holds null");
            return new DynamicBrokerConfigs(
                new Dictionary<string, string>(stored.ClusterDefault ?? [], StringComparer.Ordinal),
                new Dictionary<string, string>(stored.Broker ?? [], StringComparer.Ordinal));
        }
        catch (JsonException e)
        {
            throw new IOException($"{FilePath} is damaged ({e.Message}); fix or delete it (it holds only configs changed with AlterConfigs)", e);
        }
    }

    public void Save(DynamicBrokerConfigs configs)
    {
        var content = new PersistedBrokerConfigs(CurrentVersion, new(configs.ClusterDefault, StringComparer.Ordinal), new(configs.PerBroker, StringComparer.Ordinal));
        AtomicFile.Write(FilePath, JsonSerializer.SerializeToUtf8Bytes(content, DynamicConfigJsonContext.Default.PersistedBrokerConfigs));
    }
}

/// <summary>The content of <c>broker-configs.json</c>.</summary>
internal sealed record PersistedBrokerConfigs(int Version, Dictionary<string, string>? ClusterDefault, Dictionary<string, string>? Broker);

/// <summary>Source-generated JSON for the dynamic broker config store.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PersistedBrokerConfigs))]
internal sealed partial class DynamicConfigJsonContext : JsonSerializerContext;
