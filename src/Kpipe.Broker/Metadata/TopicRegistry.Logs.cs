using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Metadata;

/// <summary>Partition log lifecycle of the registry: opening, deleting, checkpoints and background work.</summary>
public sealed partial class TopicRegistry
{
    private static readonly TimeSpan RetentionCheckInterval = TimeSpan.FromMinutes(5);

    private IPartitionLog OpenLog(string topic, int partition, LogConfig config)
    {
        _ = topic;
        _ = partition;
        return new MemoryPartitionLog(config, _time);
    }

    private void DeletePartitionDirectory(string topic, int partition)
    {
        var directory = Path.Combine(_options.DataDirectory, $"{topic}-{partition}");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void StartBackgroundWork()
    {
    }

    private void StopBackgroundWork()
    {
    }

    private void WriteCheckpoints()
    {
    }
}
