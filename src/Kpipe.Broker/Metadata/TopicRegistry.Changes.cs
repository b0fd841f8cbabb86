using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Metadata;

/// <summary>Topic changes: creating, auto-creating, deleting and growing topics, each checked, persisted, then published.</summary>
public sealed partial class TopicRegistry
{
    private const int MaxPartitions = 10_000;
    private const string SingleNodeMessage = "this is a single-node broker: replication factor must be 1";

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
            if (AddTopic(new PersistedTopic(name, Guid.NewGuid(), count, overrides)) is { } failed)
            {
                return failed;
            }

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
            for (var partition = 0; partition < state.Logs.Length; partition++)
            {
                _logs.Delete(name, partition);
            }

            _logs.LogsChanged();
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
            var logs = new IPartitionLog[newTotalCount];
            state.Logs.CopyTo(logs, 0);
            if (CreateLogs(name, current, logs, state.Config) is { } failed)
            {
                return failed;
            }

            Publish(name, new TopicState(ToInfo(grown), state.Config, logs));
            _logs.LogsChanged();
            LogPartitionsAdded(name, current, newTotalCount);
            return TopicOutcome.Ok;
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

    private TopicOutcome? AddTopic(PersistedTopic topic)
    {
        var config = LogConfigFor(topic.Configs);
        var logs = new IPartitionLog[topic.PartitionCount];
        if (CreateLogs(topic.Name, 0, logs, config) is { } failed)
        {
            return failed;
        }

        Publish(topic.Name, new TopicState(ToInfo(topic), config, logs));
        _logs.LogsChanged();
        return null;
    }

    /// <summary>
    /// Creates the logs of partitions <paramref name="first"/> onwards, all or none: when one cannot be created (out of
    /// file descriptors or disk space), the ones made so far are deleted, so a failed request holds no files.
    /// </summary>
    private TopicOutcome? CreateLogs(string topic, int first, IPartitionLog[] logs, LogConfig config)
    {
        var partition = first;
        try
        {
            for (; partition < logs.Length; partition++)
            {
                logs[partition] = _logs.Create(topic, partition, config);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            for (var created = first; created < partition; created++)
            {
                _logs.Delete(topic, created);
            }

            LogPartitionCreationFailed(topic, partition, e.Message);
            return new TopicOutcome(ErrorCode.KafkaStorageError,
                $"could not create partition {partition} of '{topic}': {e.Message}; the broker may be out of file descriptors (ulimit -n) or disk space");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating partition {Partition} of {Topic} failed, so none of the request's new partitions were kept: {Reason}")]
    private partial void LogPartitionCreationFailed(string topic, int partition, string reason);

    private void Publish(string name, TopicState state)
    {
        var next = new Dictionary<string, TopicState>(_topics, StringComparer.Ordinal) { [name] = state };
        _store.Save(next.Values.Select(t => t.ToPersisted()));
        Volatile.Write(ref _topics, next);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    private partial void LogTopicCreated(string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted topic {Topic} and its data")]
    private partial void LogTopicDeleted(string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic}: partitions raised from {Old} to {New}")]
    private partial void LogPartitionsAdded(string topic, int old, int @new);
}
