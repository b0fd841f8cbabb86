using Kpipe.Broker.Metadata;

namespace Kpipe.Broker.Configs;

/// <summary>
/// The topic resource of DescribeConfigs and the values a topic's partitions obey: each topic config from its override,
/// else from the broker configs behind it (dynamic, then static), else Kafka's default.
/// </summary>
public static class TopicConfigView
{
    /// <summary>Every topic config of a topic with <paramref name="overrides"/>, with its source and synonyms.</summary>
    public static IReadOnlyList<ConfigEntry> Describe(IReadOnlyDictionary<string, string> overrides, BrokerConfigLayers layers) =>
        [.. TopicConfigCatalog.Names.Select(name => Describe(name, overrides, layers))];

    /// <summary>The values that differ from Kafka's topic defaults: the overrides and what the broker configs set.</summary>
    public static Dictionary<string, string> Effective(IReadOnlyDictionary<string, string> overrides, BrokerConfigLayers layers)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in TopicConfigCatalog.Names)
        {
            var entry = Describe(name, overrides, layers);
            if (entry.Source != ConfigSource.Default && entry.Value is { } value)
            {
                values[name] = value;
            }
        }

        return values;
    }

    private static ConfigEntry Describe(string name, IReadOnlyDictionary<string, string> overrides, BrokerConfigLayers layers)
    {
        var synonyms = new List<ConfigSynonym>();
        if (overrides.TryGetValue(name, out var overridden))
        {
            synonyms.Add(new ConfigSynonym(name, overridden, ConfigSource.TopicOverride));
        }

        foreach (var brokerName in TopicConfigSynonyms.For(name))
        {
            synonyms.AddRange(layers.Of(brokerName));
        }

        if (synonyms.Count == 0 || synonyms[^1].Source != ConfigSource.Default)
        {
            synonyms.Add(new ConfigSynonym(name, TopicConfigCatalog.DefaultValue(name), ConfigSource.Default));
        }

        // The broker's defaults can be in other units (log.retention.hours): the topic's own default is in its units.
        var first = synonyms[0];
        var value = first.Source == ConfigSource.Default ? TopicConfigCatalog.DefaultValue(name) : first.Value;
        return new ConfigEntry(name, value, first.Source)
        {
            Type = TopicConfigCatalog.TypeOf(name),
            Synonyms = synonyms,
            Documentation = ConfigDocumentation.For(name),
        };
    }
}
