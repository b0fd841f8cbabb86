namespace Kpipe.Broker.Metadata;

/// <summary>One config as DescribeConfigs reports it.</summary>
public sealed record ConfigEntry(string Name, string? Value, ConfigSource Source, bool ReadOnly = false, bool Sensitive = false);
