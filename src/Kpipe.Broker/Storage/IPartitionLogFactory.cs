namespace Kpipe.Broker.Storage;

/// <summary>
/// Where the topic registry gets its partition logs: on files (<see cref="LogManager"/>) or in memory
/// (<see cref="MemoryPartitionLogFactory"/>). The registry owns the factory and disposes it, which closes every log.
/// </summary>
internal interface IPartitionLogFactory : IDisposable
{
    /// <summary>Opens the log of a partition that existed when the broker last stopped, recovering what it holds.</summary>
    IPartitionLog Load(string topic, int partition, LogConfig config);

    /// <summary>Creates the empty log of a new partition.</summary>
    IPartitionLog Create(string topic, int partition, LogConfig config);

    /// <summary>Closes a partition's log and removes its data (topic deletion).</summary>
    void Delete(string topic, int partition);

    /// <summary>Called once every existing log is loaded: from here on the broker runs, and background work may start.</summary>
    void Startup();

    /// <summary>Called after partitions were created or deleted and the registry persisted the change.</summary>
    void LogsChanged();
}
