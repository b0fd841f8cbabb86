using System.Globalization;
using System.Text.Json;
using Kpipe.Broker.Storage;
using Kpipe.IO;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Metadata;

/// <summary>
/// Reads and atomically rewrites <c>topics.json</c> (temp file, fsync, rename), so a crash leaves the old or the new
/// set. A damaged file (cut short or garbled by the disk) is set aside and the topics are rebuilt from the partition
/// directories, so the broker starts with every record it holds.
/// </summary>
internal sealed partial class TopicStore(string dataDirectory, ILogger logger)
{
    private const int CurrentVersion = 1;

    public string FilePath { get; } = Path.Combine(dataDirectory, "topics.json");

    /// <summary>Where a damaged <c>topics.json</c> is moved before the topics are rebuilt.</summary>
    public string DamagedPath => FilePath + ".damaged";

    public List<PersistedTopic> Load()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        try
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), MetadataJsonContext.Default.PersistedTopics)
                ?? throw new JsonException("the file holds null");
            return stored.Topics ?? throw new JsonException("the file has no topics list");
        }
        catch (JsonException e)
        {
            return Rebuild(e.Message);
        }
    }

    public void Save(IEnumerable<PersistedTopic> topics)
    {
        var content = new PersistedTopics(CurrentVersion, [.. topics.OrderBy(t => t.Name, StringComparer.Ordinal)]);
        AtomicFile.Write(FilePath, JsonSerializer.SerializeToUtf8Bytes(content, MetadataJsonContext.Default.PersistedTopics));
    }

    // Kafka keeps topic metadata in a replicated log; here the partition directories are the other record of which
    // topics exist and how many partitions they have. Their config overrides and topic ids were only in the damaged
    // file: the rebuilt topics get fresh ids and the defaults except retention, which is off (retention.ms -1) so
    // that a lost longer retention cannot delete data before the operator restores the configs from the kept file.
    private List<PersistedTopic> Rebuild(string reason)
    {
        var partitions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories(dataDirectory))
        {
            var name = Path.GetFileName(directory);
            var dash = name.LastIndexOf('-');
            if (dash > 0
                && int.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                && TopicNames.Validate(name[..dash]) is null
                && Directory.EnumerateFiles(directory, "*.log").Any())
            {
                partitions[name[..dash]] = Math.Max(partitions.GetValueOrDefault(name[..dash]), partition + 1);
            }
        }

        var topics = partitions.Select(p => new PersistedTopic(p.Key, Guid.NewGuid(), p.Value, new() { ["retention.ms"] = "-1" })).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        File.Move(FilePath, DamagedPath, overwrite: true);
        Save(topics);
        LogRebuilt(FilePath, reason, topics.Count, topics.Sum(t => t.PartitionCount), DamagedPath);
        return topics;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Repaired {Path}: it was damaged ({Reason}); rebuilt {Topics} topics ({Partitions} partitions) from the partition directories "
            + "with new topic ids, default configs and retention off, no record dropped; the damaged file is kept as {Damaged}")]
    private partial void LogRebuilt(string path, string reason, int topics, int partitions, string damaged);
}
