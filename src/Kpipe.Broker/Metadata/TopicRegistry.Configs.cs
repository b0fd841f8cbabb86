using Kpipe.Broker.Configs;
using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Metadata;

/// <summary>Config changes (AlterConfigs, IncrementalAlterConfigs): checked, persisted, then applied to every affected partition log.</summary>
public sealed partial class TopicRegistry
{
    /// <inheritdoc />
    public TopicOutcome AlterTopicConfigs(string name, IReadOnlyList<ConfigAlteration> alterations, bool replace, bool validateOnly)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_topics.TryGetValue(name, out var state))
            {
                return new TopicOutcome(ErrorCode.UnknownTopicOrPartition, $"topic '{name}' does not exist");
            }

            var outcome = ConfigChanges.Apply(state.Info.ConfigOverrides, alterations, replace, ConfigChanges.Topic, out var overrides);
            if (outcome.Error != ErrorCode.None || validateOnly)
            {
                return outcome;
            }

            var config = LogConfigFor(overrides);
            Publish(name, new TopicState(state.Info with { ConfigOverrides = overrides }, config, state.Logs));
            foreach (var log in state.Logs)
            {
                log.UpdateConfig(config);
            }

            LogTopicConfigsChanged(name, string.Join(", ", overrides.Select(o => $"{o.Key}={o.Value}")));
            return TopicOutcome.Ok;
        }
    }

    /// <inheritdoc />
    public TopicOutcome AlterBrokerConfigs(bool clusterDefault, IReadOnlyList<ConfigAlteration> alterations, bool replace, bool validateOnly)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var current = _brokerConfigs;
            var outcome = ConfigChanges.Apply(current.Scope(clusterDefault), alterations, replace, ConfigChanges.Broker, out var updated);
            if (outcome.Error != ErrorCode.None || validateOnly)
            {
                return outcome;
            }

            var next = current.WithScope(clusterDefault, updated);
            _configStore.Save(next);
            Volatile.Write(ref _brokerConfigs, next);

            // Every topic without an override of its own now follows the new defaults.
            var topics = new Dictionary<string, TopicState>(_topics, StringComparer.Ordinal);
            foreach (var (topic, state) in _topics)
            {
                var config = LogConfigFor(state.Info.ConfigOverrides);
                topics[topic] = state with { Config = config };
                foreach (var log in state.Logs)
                {
                    log.UpdateConfig(config);
                }
            }

            Volatile.Write(ref _topics, topics);
            LogBrokerConfigsChanged(clusterDefault ? "cluster default" : $"node {_options.NodeId}", string.Join(", ", updated.Select(o => $"{o.Key}={o.Value}")));
            return TopicOutcome.Ok;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic}: configs are now {Configs}")]
    private partial void LogTopicConfigsChanged(string topic, string configs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dynamic broker configs ({Scope}) are now {Configs}")]
    private partial void LogBrokerConfigsChanged(string scope, string configs);
}
