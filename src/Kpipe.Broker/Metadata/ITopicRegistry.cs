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

    /// <summary>Every topic config with its effective value and whether it is a default or an override.</summary>
    IReadOnlyList<ConfigEntry> DescribeTopicConfigs(string topic);

    /// <summary>The broker's own configs, as DescribeConfigs on a broker resource shows them.</summary>
    IReadOnlyList<ConfigEntry> DescribeBrokerConfigs();
}
