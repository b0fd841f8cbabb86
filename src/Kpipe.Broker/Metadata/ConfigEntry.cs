using Kpipe.Broker.Configs;

namespace Kpipe.Broker.Metadata;

/// <summary>One config as DescribeConfigs reports it; <see cref="Synonyms"/> lists every source of its value, highest precedence first.</summary>
public sealed record ConfigEntry(string Name, string? Value, ConfigSource Source, bool ReadOnly = false, bool Sensitive = false)
{
    /// <summary>The config's data type (DescribeConfigs v3+).</summary>
    public ConfigType Type { get; init; } = ConfigType.Unknown;

    /// <summary>Every place a value is set for this config, including the one in effect; empty when not computed.</summary>
    public IReadOnlyList<ConfigSynonym> Synonyms { get; init; } = [];

    /// <summary>What the config does, or null when we have no text for it.</summary>
    public string? Documentation { get; init; }
}
