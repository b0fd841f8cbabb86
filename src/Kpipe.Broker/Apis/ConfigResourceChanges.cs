using System.Globalization;
using Kpipe.Broker.Authorization;
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

    /// <summary>
    /// Applies one resource's changes; a topic by name, a broker by our node id or "" (the cluster-wide defaults).
    /// Needs ALTER_CONFIGS on the topic (TOPIC_AUTHORIZATION_FAILED) or the cluster (CLUSTER_AUTHORIZATION_FAILED).
    /// </summary>
    public static TopicOutcome Apply(BrokerContext context, RequestAccess access, sbyte resourceType, string resourceName, IReadOnlyList<ConfigAlteration> alterations, bool replace, bool validateOnly)
    {
        if (Refusal(access, resourceType, resourceName, AclOperation.AlterConfigs) is { } refusal)
        {
            return refusal;
        }

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

    /// <summary>Why the sender may not do <paramref name="operation"/> to a config resource, or null when it may.</summary>
    public static TopicOutcome? Refusal(RequestAccess access, sbyte resourceType, string resourceName, AclOperation operation) => resourceType switch
    {
        TopicResource when !access.AllowsTopic(resourceName, operation) =>
            new TopicOutcome(ErrorCode.TopicAuthorizationFailed, $"{access.Principal} may not {Name(operation)} of topic '{resourceName}'"),
        BrokerResource when !access.AllowsCluster(operation) =>
            new TopicOutcome(ErrorCode.ClusterAuthorizationFailed, $"{access.Principal} may not {Name(operation)} of the cluster"),
        _ => null,
    };

    private static string Name(AclOperation operation) => operation == AclOperation.AlterConfigs ? "ALTER_CONFIGS" : "DESCRIBE_CONFIGS";
}
