using System.Globalization;
using Kpipe.Broker.Configs;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Server;

namespace Kpipe.Broker.Apis;

/// <summary>What AlterConfigs and IncrementalAlterConfigs share: finding the resource a change is for and applying it.</summary>
internal static class ConfigResourceChanges
{
    /// <summary>Kafka's resource type for a topic.</summary>
    public const sbyte TopicResource = 2;

    /// <summary>Kafka's resource type for a broker.</summary>
    public const sbyte BrokerResource = 4;

    /// <summary>Applies one resource's changes; a topic by name, a broker by our node id or "" (the cluster-wide defaults).</summary>
    public static TopicOutcome Apply(BrokerContext context, sbyte resourceType, string resourceName, IReadOnlyList<ConfigAlteration> alterations, bool replace, bool validateOnly)
    {
        switch (resourceType)
        {
            case TopicResource:
                return context.Topics.AlterTopicConfigs(resourceName, alterations, replace, validateOnly);
            case BrokerResource when resourceName.Length == 0 || resourceName == context.NodeId.ToString(CultureInfo.InvariantCulture):
                return context.Topics.AlterBrokerConfigs(resourceName.Length == 0, alterations, replace, validateOnly);
            case BrokerResource:
                return new TopicOutcome(ErrorCode.InvalidRequest, $"Unexpected broker id, expected {context.NodeId} or empty string, but received {resourceName}");
            default:
                return new TopicOutcome(ErrorCode.InvalidRequest, $"resource type {resourceType} is not served; use 2 (topic) or 4 (broker)");
        }
    }
}
