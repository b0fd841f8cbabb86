namespace Kpipe.Broker.Configs;

/// <summary>One of Kafka's broker configs: its name, data type and Kafka's default (null when it has none).</summary>
public sealed record BrokerConfigDefinition(string Name, ConfigType Type, string? Default);
