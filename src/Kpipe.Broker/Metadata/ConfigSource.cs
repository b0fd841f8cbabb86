namespace Kpipe.Broker.Metadata;

/// <summary>Where a config value comes from, with Kafka's DescribeConfigs <c>config_source</c> wire values.</summary>
public enum ConfigSource : sbyte
{
    TopicOverride = 1,
    DynamicBroker = 2,
    DynamicDefaultBroker = 3,
    StaticBroker = 4,
    Default = 5,
}
