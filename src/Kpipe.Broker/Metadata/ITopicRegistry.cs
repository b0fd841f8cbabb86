using Kpipe.Broker.Configs;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Metadata;

/// <summary>
/// The broker's persisted set of topics and their partition logs, as request handlers see it.
/// Every outcome a client can cause is an <see cref="ErrorCode"/> with a message, never an exception.
/// </summary>
public interface ITopicRegistry : IDisposable
{
    /// <summary>All topics, in name order.</summary>
    IReadOnlyList<TopicInfo> ListTopics();

    /// <summary>Finds a topic by name.</summary>
    bool TryGetTopic(string name, out TopicInfo topic);

    /// <summary>Creates a topic (-1 partitions or replication = broker default); validates name, counts and configs.</summary>
    TopicOutcome CreateTopic(string name, int partitions, short replicationFactor, IReadOnlyDictionary<string, string?> configs, bool validateOnly);

    /// <summary>Auto-creation on first use (Metadata, Produce): creates the topic with broker defaults when allowed.</summary>
    TopicOutcome EnsureTopic(string name);

    /// <summary>Deletes a topic and its data.</summary>
    TopicOutcome DeleteTopic(string name);

    /// <summary>Raises a topic's partition count (never lowers it).</summary>
    TopicOutcome CreatePartitions(string name, int newTotalCount, bool validateOnly);

    /// <summary>The log of one partition, or null when the topic or partition does not exist.</summary>
    IPartitionLog? GetLog(string topic, int partition);

    /// <summary>
    /// Changes a topic's config overrides, all or none (<paramref name="replace"/>: AlterConfigs, which drops every
    /// override not named); the topic's partitions obey the result at once.
    /// </summary>
    TopicOutcome AlterTopicConfigs(string name, IReadOnlyList<ConfigAlteration> alterations, bool replace, bool validateOnly);

    /// <summary>Changes the dynamic broker configs of this node or (<paramref name="clusterDefault"/>) the cluster-wide defaults.</summary>
    TopicOutcome AlterBrokerConfigs(bool clusterDefault, IReadOnlyList<ConfigAlteration> alterations, bool replace, bool validateOnly);

    /// <summary>The broker configs changed at run time, which DescribeConfigs and every topic's defaults follow.</summary>
    DynamicBrokerConfigs BrokerConfigs { get; }
}
