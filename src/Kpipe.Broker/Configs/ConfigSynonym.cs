using Kpipe.Broker.Metadata;

namespace Kpipe.Broker.Configs;

/// <summary>One place a config's value may come from, in DescribeConfigs' synonyms list (highest precedence first).</summary>
public sealed record ConfigSynonym(string Name, string? Value, ConfigSource Source);
