using Kpipe.Broker.Configs;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Metadata;

/// <summary>
/// The broker's topics: validates and persists topic changes (<c>topics.json</c>) and holds each partition's log, which
/// it gets from an <see cref="IPartitionLogFactory"/> (the <see cref="LogManager"/> on files). Lookups
/// (<see cref="GetLog"/>, <see cref="TryGetTopic"/>) read an immutable snapshot without locking.
/// </summary>
public sealed partial class TopicRegistry : ITopicRegistry
{
    private readonly Lock _lock = new();
    private readonly BrokerOptions _options;
    private readonly TopicStore _store;
    private readonly DynamicConfigStore _configStore;
    private readonly IPartitionLogFactory _logs;
    private readonly ILogger<TopicRegistry> _logger;
    private Dictionary<string, TopicState> _topics;
    private DynamicBrokerConfigs _brokerConfigs = DynamicBrokerConfigs.None;
    private bool _disposed;

    private TopicRegistry(BrokerOptions options, IPartitionLogFactory logs, string clusterId, ILoggerFactory loggerFactory)
    {
        _options = options;
        _logs = logs;
        _logger = loggerFactory.CreateLogger<TopicRegistry>();
        _store = new TopicStore(options.DataDirectory, _logger);
        _configStore = new DynamicConfigStore(options.DataDirectory);
        ClusterId = clusterId;
        _topics = new Dictionary<string, TopicState>(StringComparer.Ordinal);
    }

    /// <summary>The stable id of this single-node cluster, stored in <c>meta.properties</c>.</summary>
    public string ClusterId { get; }

    /// <summary>Opens (creating if needed) the data directory, locks it, loads topics and recovers their partition logs.</summary>
    public static TopicRegistry Open(BrokerOptions options, ILoggerFactory loggerFactory) =>
        Open(options, loggerFactory, TimeProvider.System, PhysicalLogFileSystem.Instance);

    /// <summary>Opens the data directory with an explicit clock and file system (tests advance a fake clock and inject faults).</summary>
    internal static TopicRegistry Open(BrokerOptions options, ILoggerFactory loggerFactory, TimeProvider time, ILogFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DefaultPartitions, 1);
        var logs = LogManager.Open(options, loggerFactory, time, files);
        return Open(options, logs, logs.ClusterId, loggerFactory);
    }

    /// <summary>
    /// Loads the topics persisted in the data directory over any log engine; the registry owns <paramref name="logs"/>
    /// from here on and disposes it, also when loading fails.
    /// </summary>
    internal static TopicRegistry Open(BrokerOptions options, IPartitionLogFactory logs, string clusterId, ILoggerFactory loggerFactory)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentOutOfRangeException.ThrowIfLessThan(options.DefaultPartitions, 1);
            var registry = new TopicRegistry(options, logs, clusterId, loggerFactory);
            registry.LoadTopics();
            return registry;
        }
        catch
        {
            logs.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TopicInfo> ListTopics() =>
        [.. Volatile.Read(ref _topics).Values.Select(t => t.Info).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <inheritdoc />
    public bool TryGetTopic(string name, out TopicInfo topic)
    {
        if (Volatile.Read(ref _topics).TryGetValue(name, out var state))
        {
            topic = state.Info;
            return true;
        }

        topic = null!;
        return false;
    }

    /// <summary>Finds a topic by its id (Fetch v13+, Metadata by id); not on <see cref="ITopicRegistry"/> to keep that seam unchanged.</summary>
    public bool TryGetTopicById(Guid topicId, out TopicInfo topic)
    {
        foreach (var state in Volatile.Read(ref _topics).Values)
        {
            if (state.Info.TopicId == topicId)
            {
                topic = state.Info;
                return true;
            }
        }

        topic = null!;
        return false;
    }

    /// <inheritdoc />
    public IPartitionLog? GetLog(string topic, int partition) =>
        Volatile.Read(ref _topics).TryGetValue(topic, out var state) && (uint)partition < (uint)state.Logs.Length ? state.Logs[partition] : null;

    /// <inheritdoc />
    public DynamicBrokerConfigs BrokerConfigs => Volatile.Read(ref _brokerConfigs);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _logs.Dispose();
    }

    private void LoadTopics()
    {
        _brokerConfigs = _configStore.Load();
        foreach (var persisted in _store.Load())
        {
            var config = LogConfigFor(persisted.Configs);
            var logs = new IPartitionLog[persisted.PartitionCount];
            for (var partition = 0; partition < logs.Length; partition++)
            {
                logs[partition] = _logs.Load(persisted.Name, partition, config);
            }

            _topics[persisted.Name] = new TopicState(ToInfo(persisted), config, logs);
        }

        LogOpened(_options.DataDirectory, _topics.Count);
        _logs.Startup();
    }

    /// <summary>The settings a partition obeys: the topic's overrides over the dynamic broker defaults over Kafka's.</summary>
    private LogConfig LogConfigFor(IReadOnlyDictionary<string, string> overrides) =>
        TopicConfigCatalog.ToLogConfig(TopicConfigView.Effective(overrides, Layers(_brokerConfigs)));

    // Only the log.* broker configs matter to topics, and none of them depends on the advertised address.
    private BrokerConfigLayers Layers(DynamicBrokerConfigs dynamic) => BrokerConfigLayers.For(_options, "localhost", _options.Listen.Port, dynamic);

    private static TopicInfo ToInfo(PersistedTopic topic) =>
        new(topic.Name, topic.TopicId, topic.PartitionCount, new Dictionary<string, string>(topic.Configs, StringComparer.Ordinal));

    private sealed record TopicState(TopicInfo Info, LogConfig Config, IPartitionLog[] Logs)
    {
        public PersistedTopic ToPersisted() =>
            new(Info.Name, Info.TopicId, Logs.Length, new Dictionary<string, string>(Info.ConfigOverrides, StringComparer.Ordinal));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened data directory {Directory} with {TopicCount} topics")]
    private partial void LogOpened(string directory, int topicCount);
}
