using System.Text.Json;
using Kpipe.Broker.Storage;
using Kpipe.IO;

namespace Kpipe.Broker.Metadata;

/// <summary>Reads and atomically rewrites <c>topics.json</c> (temp file, fsync, rename), so a crash leaves the old or the new set.</summary>
internal sealed class TopicStore(string dataDirectory)
{
    private const int CurrentVersion = 1;

    public string FilePath { get; } = Path.Combine(dataDirectory, "topics.json");

    public List<PersistedTopic> Load()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        try
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), MetadataJsonContext.Default.PersistedTopics);
            return stored?.Topics ?? [];
        }
        catch (JsonException e)
        {
            throw new IOException($"{FilePath} is corrupt ({e.Message}); restore it from a backup or remove it to start with no topics", e);
        }
    }

    public void Save(IEnumerable<PersistedTopic> topics)
    {
        var content = new PersistedTopics(CurrentVersion, [.. topics.OrderBy(t => t.Name, StringComparer.Ordinal)]);
        AtomicFile.Write(FilePath, JsonSerializer.SerializeToUtf8Bytes(content, MetadataJsonContext.Default.PersistedTopics));
    }
}
