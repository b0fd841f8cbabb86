using System.Collections.Concurrent;

namespace Kpipe.Broker.Storage;

/// <summary>Gives the topic registry <see cref="MemoryPartitionLog"/>s: nothing is written, so nothing survives a restart.</summary>
internal sealed class MemoryPartitionLogFactory(TimeProvider time) : IPartitionLogFactory
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), MemoryPartitionLog> _logs = new();

    /// <inheritdoc />
    public IPartitionLog Load(string topic, int partition, LogConfig config) => Create(topic, partition, config);

    /// <inheritdoc />
    public IPartitionLog Create(string topic, int partition, LogConfig config)
    {
        var log = new MemoryPartitionLog(config, time);
        _logs[(topic, partition)] = log;
        return log;
    }

    /// <inheritdoc />
    public void Delete(string topic, int partition)
    {
        if (_logs.TryRemove((topic, partition), out var log))
        {
            log.Dispose();
        }
    }

    /// <inheritdoc />
    public void Startup()
    {
    }

    /// <inheritdoc />
    public void LogsChanged()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var log in _logs.Values)
        {
            log.Dispose();
        }

        _logs.Clear();
    }
}
