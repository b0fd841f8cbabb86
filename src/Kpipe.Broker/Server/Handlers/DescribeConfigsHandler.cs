using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// DescribeConfigs v1–2 for topic (2) and broker (4) resources; v1 adds config_source and synonyms
/// (always empty), v2 is the same shape. A null key list means every config. Other resource types get
/// INVALID_REQUEST; a broker name other than our node id gets INVALID_REQUEST. Documentation (v3+) is not served.
/// </summary>
internal sealed class DescribeConfigsHandler(BrokerContext context)
{
    /// <summary>Describes each resource's configs.</summary>
    public DescribeConfigsResponse Handle(DescribeConfigsRequest request)
    {
        var results = new DescribeConfigsResponse.Result[request.Resources.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Describe(request.Resources[i]);
        }

        return new DescribeConfigsResponse(results);
    }

    private DescribeConfigsResponse.Result Describe(DescribeConfigsRequest.Resource resource)
    {
        IReadOnlyList<ConfigEntry> entries;
        switch (resource.ResourceType)
        {
            case DescribeConfigsRequest.TopicResource when context.Topics.TryGetTopic(resource.ResourceName, out _):
                entries = context.Topics.DescribeTopicConfigs(resource.ResourceName);
                break;
            case DescribeConfigsRequest.TopicResource:
                return Error(resource, ErrorCode.UnknownTopicOrPartition, $"topic '{resource.ResourceName}' does not exist");
            case DescribeConfigsRequest.BrokerResource when resource.ResourceName.Length == 0 || resource.ResourceName == context.NodeId.ToString(System.Globalization.CultureInfo.InvariantCulture):
                entries = context.Topics.DescribeBrokerConfigs();
                break;
            case DescribeConfigsRequest.BrokerResource:
                return Error(resource, ErrorCode.InvalidRequest, $"this broker is node {context.NodeId}, not '{resource.ResourceName}'");
            default:
                return Error(resource, ErrorCode.InvalidRequest, $"resource type {resource.ResourceType} is not served; use 2 (topic) or 4 (broker)");
        }

        var configs = new List<DescribeConfigsResponse.Config>(entries.Count);
        foreach (var entry in entries)
        {
            if (resource.ConfigurationKeys is null || resource.ConfigurationKeys.Contains(entry.Name))
            {
                configs.Add(new DescribeConfigsResponse.Config(entry.Name, entry.Sensitive ? null : entry.Value, entry.ReadOnly, (sbyte)entry.Source, entry.Sensitive));
            }
        }

        return new DescribeConfigsResponse.Result(ErrorCode.None, null, resource.ResourceType, resource.ResourceName, configs);
    }

    private static DescribeConfigsResponse.Result Error(DescribeConfigsRequest.Resource resource, ErrorCode error, string message) =>
        new(error, message, resource.ResourceType, resource.ResourceName, []);
}
