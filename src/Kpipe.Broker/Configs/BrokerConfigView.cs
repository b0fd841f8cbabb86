using Kpipe.Broker.Metadata;

namespace Kpipe.Broker.Configs;

/// <summary>The broker resource of DescribeConfigs: every Kafka broker config with its effective value and source.</summary>
public static class BrokerConfigView
{
    /// <summary>
    /// This node's configs (resource name = node id), or, when <paramref name="clusterDefaultOnly"/> (resource name ""),
    /// only the cluster-wide dynamic defaults, as Kafka answers each.
    /// </summary>
    public static IReadOnlyList<ConfigEntry> Describe(BrokerConfigLayers layers, bool clusterDefaultOnly)
    {
        var entries = new List<ConfigEntry>(BrokerConfigCatalog.All.Count);
        foreach (var definition in BrokerConfigCatalog.All)
        {
            if (clusterDefaultOnly && !layers.Dynamic.ClusterDefault.ContainsKey(definition.Name))
            {
                continue;
            }

            var synonyms = Synonyms(definition.Name, layers, clusterDefaultOnly);
            var own = synonyms.FirstOrDefault(s => s.Name == definition.Name);
            var sensitive = definition.Type == ConfigType.Password;
            entries.Add(new ConfigEntry(
                definition.Name,
                sensitive ? null : own?.Value,
                own?.Source ?? ConfigSource.Default,
                ReadOnly: !TopicConfigSynonyms.TryGetDynamic(definition.Name, out _),
                Sensitive: sensitive)
            {
                Type = definition.Type,
                Synonyms = sensitive ? [.. synonyms.Select(s => s with { Value = null })] : synonyms,
                Documentation = Documentation(definition.Name),
            });
        }

        return entries;
    }

    // log.retention.ms falls back to log.retention.minutes and log.retention.hours: its synonyms are those names' values.
    private static List<ConfigSynonym> Synonyms(string name, BrokerConfigLayers layers, bool clusterDefaultOnly)
    {
        var chain = BrokerChain(name);
        var synonyms = new List<ConfigSynonym>();
        foreach (var synonym in chain)
        {
            synonyms.AddRange(layers.Of(synonym).Where(s => !clusterDefaultOnly || s.Source == ConfigSource.DynamicDefaultBroker));
        }

        return synonyms;
    }

    private static IEnumerable<string> BrokerChain(string name)
    {
        foreach (var topicConfig in TopicConfigCatalog.Names)
        {
            var names = TopicConfigSynonyms.For(topicConfig);
            var at = names.ToList().IndexOf(name);
            if (at >= 0)
            {
                return names.Skip(at);
            }
        }

        return [name];
    }

    private static string Documentation(string name)
    {
        if (ConfigDocumentation.For(name) is { } text)
        {
            return text;
        }

        var topicConfig = TopicConfigCatalog.Names.FirstOrDefault(t => TopicConfigSynonyms.For(t).Contains(name));
        return topicConfig is null ? ConfigDocumentation.UnusedBrokerConfig : $"The default of the topic config {topicConfig}. {ConfigDocumentation.For(topicConfig)}";
    }
}
