using System.Globalization;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Metadata;

/// <summary>
/// The broker's topics on disk: validates and persists topic changes, owns every partition log, and runs retention
/// and the interval flusher. Lookups (<see cref="GetLog"/>, <see cref="TryGetTopic"/>) read an immutable snapshot without locking.
/// </summary>
public sealed partial class TopicRegistry : ITopicRegistry
{
    private const int MaxPartitions = 10_000;
    private const string SingleNodeMessage = "this is a single-node broker: replication factor must be 1";

    private readonly Lock _lock = new();
    private readonly BrokerOptions _options;
    private readonly TopicStore _store;
    private readonly DataDirectoryLock _directoryLock;
    private readonly ILogger<TopicRegistry> _logger;
    private readonly TimeProvider _time;
    private readonly ILogFileSystem _files;
    private readonly ILoggerFactory _loggerFactory;
    private Dictionary<string, TopicState> _topics;
    private bool _disposed;

    private TopicRegistry(
        BrokerOptions options, DataDirectoryLock directoryLock, string clusterId, ILoggerFactory loggerFactory, TimeProvider time, ILogFileSystem files)
    {
        _files = files;
        _loggerFactory = loggerFactory;
        _options = options;
        _directoryLock = directoryLock;
        _store = new TopicStore(options.DataDirectory);
        _logger = loggerFactory.CreateLogger<TopicRegistry>();
        _time = time;
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
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FsyncInterval, TimeSpan.Zero);
        Directory.CreateDirectory(options.DataDirectory);
        var directoryLock = DataDirectoryLock.Acquire(options.DataDirectory);
        try
        {
            var clusterId = ClusterIdentity.LoadOrCreate(options.DataDirectory, options.NodeId);
            var registry = new TopicRegistry(options, directoryLock, clusterId, loggerFactory, time, files);
            registry.LoadTopics();
            return registry;
        }
        catch
        {
            directoryLock.Dispose();
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
    public TopicOutcome CreateTopic(string name, int partitions, short replicationFactor, IReadOnlyDictionary<string, string?> configs, bool validateOnly)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var refusal = CheckNewTopic(name, partitions, replicationFactor, configs);
            if (refusal is { } refused)
            {
                return refused;
            }

            if (validateOnly)
            {
                return TopicOutcome.Ok;
            }

            var overrides = configs.ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);
            var count = partitions == -1 ? _options.DefaultPartitions : partitions;
            AddTopic(new PersistedTopic(name, Guid.NewGuid(), count, overrides));
            LogTopicCreated(name, count);
            return TopicOutcome.Ok;
        }
    }

    /// <inheritdoc />
    public TopicOutcome EnsureTopic(string name)
    {
        if (Volatile.Read(ref _topics).ContainsKey(name))
        {
            return TopicOutcome.Ok;
        }

        if (TopicNames.Validate(name) is { } badName)
        {
            return new TopicOutcome(ErrorCode.InvalidTopicException, badName);
        }

        if (!_options.AutoCreateTopics)
        {
            return new TopicOutcome(ErrorCode.UnknownTopicOrPartition, $"topic '{name}' does not exist and auto.create.topics.enable is false");
        }

        lock (_lock)
        {
            if (_topics.ContainsKey(name))
            {
                return TopicOutcome.Ok;
            }

            return CreateTopic(name, -1, -1, new Dictionary<string, string?>(), validateOnly: false);
        }
    }

    /// <inheritdoc />
    public TopicOutcome DeleteTopic(string name)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_topics.TryGetValue(name, out var state))
            {
                return new TopicOutcome(ErrorCode.UnknownTopicOrPartition, $"topic '{name}' does not exist");
            }

            var remaining = new Dictionary<string, TopicState>(_topics, StringComparer.Ordinal);
            remaining.Remove(name);
            _store.Save(remaining.Values.Select(t => t.ToPersisted()));
            Volatile.Write(ref _topics, remaining);
            foreach (var log in state.Logs)
            {
                log.DeleteFiles();
            }

            WriteCheckpoints();

            LogTopicDeleted(name);
            return TopicOutcome.Ok;
        }
    }

    /// <inheritdoc />
    public TopicOutcome CreatePartitions(string name, int newTotalCount, bool validateOnly)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_topics.TryGetValue(name, out var state))
            {
                return new TopicOutcome(ErrorCode.UnknownTopicOrPartition, $"topic '{name}' does not exist");
            }

            var current = state.Logs.Length;
            if (newTotalCount == current)
            {
                return new TopicOutcome(ErrorCode.InvalidPartitions, $"Topic already has {current} partitions.");
            }

            if (newTotalCount < current)
            {
                return new TopicOutcome(
                    ErrorCode.InvalidPartitions,
                    $"Topic currently has {current} partitions, which is higher than the requested {newTotalCount}.");
            }

            if (newTotalCount > MaxPartitions)
            {
                return new TopicOutcome(ErrorCode.InvalidPartitions, $"a topic may have at most {MaxPartitions} partitions on this broker");
            }

            if (validateOnly)
            {
                return TopicOutcome.Ok;
            }

            var grown = state.ToPersisted() with { PartitionCount = newTotalCount };
            var logs = new PartitionLog[newTotalCount];
            state.Logs.CopyTo(logs, 0);
            for (var partition = current; partition < newTotalCount; partition++)
            {
                logs[partition] = OpenLog(name, partition, state.Config, existing: false);
            }

            Publish(name, new TopicState(ToInfo(grown), state.Config, logs));
            WriteCheckpoints();
            LogPartitionsAdded(name, current, newTotalCount);
            return TopicOutcome.Ok;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ConfigEntry> DescribeTopicConfigs(string topic)
    {
        if (!Volatile.Read(ref _topics).TryGetValue(topic, out var state))
        {
            return [];
        }

        var overrides = state.Info.ConfigOverrides;
        return
        [
            .. TopicConfigCatalog.Names.Select(name => overrides.TryGetValue(name, out var value)
                ? new ConfigEntry(name, value, ConfigSource.TopicOverride)
                : new ConfigEntry(name, TopicConfigCatalog.DefaultValue(name), ConfigSource.Default)),
        ];
    }

    /// <inheritdoc />
    public IReadOnlyList<ConfigEntry> DescribeBrokerConfigs()
    {
        static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            new("auto.create.topics.enable", _options.AutoCreateTopics ? "true" : "false", ConfigSource.StaticBroker, ReadOnly: true),
            new("broker.id", Text(_options.NodeId), ConfigSource.StaticBroker, ReadOnly: true),
            new("default.replication.factor", "1", ConfigSource.Default, ReadOnly: true),
            new("log.dirs", _options.DataDirectory, ConfigSource.StaticBroker, ReadOnly: true),
            new("log.flush.interval.ms", _options.Fsync == FsyncPolicy.Interval ? Text((long)_options.FsyncInterval.TotalMilliseconds) : null, ConfigSource.StaticBroker, ReadOnly: true),
            new("log.retention.check.interval.ms", Text((long)RetentionCheckInterval.TotalMilliseconds), ConfigSource.Default, ReadOnly: true),
            new("message.max.bytes", TopicConfigCatalog.DefaultValue("max.message.bytes"), ConfigSource.Default, ReadOnly: true),
            new("node.id", Text(_options.NodeId), ConfigSource.StaticBroker, ReadOnly: true),
            new("num.partitions", Text(_options.DefaultPartitions), ConfigSource.StaticBroker, ReadOnly: true),
            new("socket.request.max.bytes", Text(_options.MaxFrameBytes), ConfigSource.StaticBroker, ReadOnly: true),
        ];
    }

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

        try
        {
            StopBackgroundWork();
            foreach (var log in AllLogs())
            {
                log.Dispose();
            }

            WriteCheckpoints();
            MarkCleanShutdown();
        }
        finally
        {
            _directoryLock.Dispose();
        }
    }

    private TopicOutcome? CheckNewTopic(string name, int partitions, short replicationFactor, IReadOnlyDictionary<string, string?> configs)
    {
        if (TopicNames.Validate(name) is { } badName)
        {
            return new TopicOutcome(ErrorCode.InvalidTopicException, badName);
        }

        if (_topics.ContainsKey(name))
        {
            return new TopicOutcome(ErrorCode.TopicAlreadyExists, $"Topic '{name}' already exists.");
        }

        var key = TopicNames.CollisionKey(name);
        if (_topics.Keys.FirstOrDefault(existing => TopicNames.CollisionKey(existing) == key) is { } collision)
        {
            return new TopicOutcome(
                ErrorCode.InvalidTopicException,
                $"Topic '{name}' collides with existing topic: {collision} ('.' and '_' are interchangeable in metric names)");
        }

        if (partitions == 0 || partitions < -1)
        {
            return new TopicOutcome(ErrorCode.InvalidPartitions, "Number of partitions must be larger than 0, or -1 to use the default.");
        }

        if (partitions > MaxPartitions)
        {
            return new TopicOutcome(ErrorCode.InvalidPartitions, $"a topic may have at most {MaxPartitions} partitions on this broker");
        }

        if (replicationFactor == 0 || replicationFactor < -1)
        {
            return new TopicOutcome(ErrorCode.InvalidReplicationFactor, "Replication factor must be larger than 0, or -1 to use the default.");
        }

        if (replicationFactor > 1)
        {
            return new TopicOutcome(ErrorCode.InvalidReplicationFactor, SingleNodeMessage);
        }

        foreach (var (configName, value) in configs)
        {
            if (TopicConfigCatalog.Validate(configName, value) is { } badConfig)
            {
                return new TopicOutcome(ErrorCode.InvalidConfig, badConfig);
            }
        }

        return null;
    }

    private void LoadTopics()
    {
        ReadCheckpoints();
        foreach (var persisted in _store.Load())
        {
            var config = TopicConfigCatalog.ToLogConfig(persisted.Configs);
            var logs = new PartitionLog[persisted.PartitionCount];
            try
            {
                for (var partition = 0; partition < logs.Length; partition++)
                {
                    logs[partition] = OpenLog(persisted.Name, partition, config, existing: true);
                }
            }
            catch
            {
                foreach (var opened in logs.Where(l => l is not null).Concat(AllLogs()))
                {
                    opened.Dispose();
                }

                throw;
            }

            _topics[persisted.Name] = new TopicState(ToInfo(persisted), config, logs);
        }

        LogOpened(_options.DataDirectory, _topics.Count);
        WriteCheckpoints();
        StartBackgroundWork();
    }

    private void AddTopic(PersistedTopic topic)
    {
        var config = TopicConfigCatalog.ToLogConfig(topic.Configs);
        var logs = new PartitionLog[topic.PartitionCount];
        for (var partition = 0; partition < logs.Length; partition++)
        {
            logs[partition] = OpenLog(topic.Name, partition, config, existing: false);
        }

        Publish(topic.Name, new TopicState(ToInfo(topic), config, logs));
        WriteCheckpoints();
    }

    private void Publish(string name, TopicState state)
    {
        var next = new Dictionary<string, TopicState>(_topics, StringComparer.Ordinal) { [name] = state };
        _store.Save(next.Values.Select(t => t.ToPersisted()));
        Volatile.Write(ref _topics, next);
    }

    private static TopicInfo ToInfo(PersistedTopic topic) =>
        new(topic.Name, topic.TopicId, topic.PartitionCount, new Dictionary<string, string>(topic.Configs, StringComparer.Ordinal));

    private sealed record TopicState(TopicInfo Info, LogConfig Config, PartitionLog[] Logs)
    {
        public PersistedTopic ToPersisted() =>
            new(Info.Name, Info.TopicId, Logs.Length, new Dictionary<string, string>(Info.ConfigOverrides, StringComparer.Ordinal));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened data directory {Directory} with {TopicCount} topics")]
    private partial void LogOpened(string directory, int topicCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    private partial void LogTopicCreated(string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted topic {Topic} and its data")]
    private partial void LogTopicDeleted(string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic}: partitions raised from {Old} to {New}")]
    private partial void LogPartitionsAdded(string topic, int old, int @new);
}
