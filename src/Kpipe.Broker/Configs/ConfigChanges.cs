using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Configs;

/// <summary>
/// Applies AlterConfigs and IncrementalAlterConfigs changes to a resource's set configs, all or none, with Kafka's
/// errors: INVALID_REQUEST for a repeated name, a null value to set, or APPEND/SUBTRACT on a config that is not a list;
/// INVALID_CONFIG for an unknown name or a bad value.
/// </summary>
internal static class ConfigChanges
{
    /// <summary>The topic configs' rules.</summary>
    public static ConfigRules Topic { get; } = new(
        name => TopicConfigCatalog.Contains(name) ? null : $"Unknown topic config name: {name}",
        TopicConfigCatalog.Validate,
        name => TopicConfigCatalog.TypeOf(name) == ConfigType.List,
        TopicConfigCatalog.DefaultValue);

    /// <summary>The rules of the broker configs kpipe changes at run time: the log defaults, which follow their topic config's rules.</summary>
    public static ConfigRules Broker { get; } = new(
        name => TopicConfigSynonyms.TryGetDynamic(name, out _) ? null
            : BrokerConfigCatalog.TryGet(name, out _) ? $"Cannot update these configs dynamically: [{name}]; kpipe changes the topic defaults (log.retention.ms, message.max.bytes, …) at run time, the rest at start"
            : $"Unknown broker config name: {name}",
        (name, value) => TopicConfigCatalog.Validate(TopicOf(name), value)?.Replace($"topic config '{TopicOf(name)}'", $"broker config '{name}'", StringComparison.Ordinal),
        name => TopicConfigCatalog.TypeOf(TopicOf(name)) == ConfigType.List,
        name => TopicConfigCatalog.DefaultValue(TopicOf(name)));

    /// <summary>
    /// The configs after <paramref name="alterations"/>, or the error that refuses them all. <paramref name="replace"/>
    /// (AlterConfigs) starts from nothing, so every config not named returns to its default.
    /// </summary>
    public static TopicOutcome Apply(
        IReadOnlyDictionary<string, string> current, IReadOnlyList<ConfigAlteration> alterations, bool replace, ConfigRules rules, out Dictionary<string, string> updated)
    {
        updated = replace ? new(StringComparer.Ordinal) : new(current, StringComparer.Ordinal);
        if (alterations.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            return new TopicOutcome(ErrorCode.InvalidRequest, $"Error due to duplicate config keys: {repeated.Key}");
        }

        foreach (var alteration in alterations)
        {
            if (Apply(alteration, current, updated, rules) is { } refused)
            {
                return refused;
            }
        }

        return TopicOutcome.Ok;
    }

    private static TopicOutcome? Apply(ConfigAlteration alteration, IReadOnlyDictionary<string, string> current, Dictionary<string, string> updated, ConfigRules rules)
    {
        var name = alteration.Name;
        if (alteration.Operation is < ConfigOperation.Set or > ConfigOperation.Subtract)
        {
            return new TopicOutcome(ErrorCode.InvalidRequest, $"Unknown alter configs operation {(sbyte)alteration.Operation} for {name}; use 0 (set), 1 (delete), 2 (append) or 3 (subtract)");
        }

        if (alteration.Operation != ConfigOperation.Delete && alteration.Value is null)
        {
            return new TopicOutcome(ErrorCode.InvalidRequest, $"Null value not supported for : {name}");
        }

        if (rules.CheckName(name) is { } unknown)
        {
            return new TopicOutcome(ErrorCode.InvalidConfig, unknown);
        }

        if (alteration.Operation is ConfigOperation.Append or ConfigOperation.Subtract && !rules.IsList(name))
        {
            var verb = alteration.Operation == ConfigOperation.Append ? "append" : "subtract";
            return new TopicOutcome(ErrorCode.InvalidRequest, $"Config value {verb} is not allowed for config key: {name}");
        }

        string? value = alteration.Operation switch
        {
            ConfigOperation.Set => alteration.Value,
            ConfigOperation.Append => Join(Items(current, name, rules).Union(Items(alteration.Value!), StringComparer.Ordinal)),
            ConfigOperation.Subtract => Join(Items(current, name, rules).Except(Items(alteration.Value!), StringComparer.Ordinal)),
            _ => null,
        };
        if (value is null)
        {
            updated.Remove(name);
            return null;
        }

        if (rules.CheckValue(name, value) is { } bad)
        {
            return new TopicOutcome(ErrorCode.InvalidConfig, bad);
        }

        updated[name] = value;
        return null;
    }

    // Kafka appends to and subtracts from the value in effect, which is the default when none is set.
    private static IEnumerable<string> Items(IReadOnlyDictionary<string, string> current, string name, ConfigRules rules) =>
        Items(current.TryGetValue(name, out var value) ? value : rules.DefaultOf(name));

    private static IEnumerable<string> Items(string list) => list.Split(',').Select(item => item.Trim()).Where(item => item.Length > 0);

    private static string Join(IEnumerable<string> items) => string.Join(',', items);

    private static string TopicOf(string brokerConfig) =>
        TopicConfigSynonyms.TryGetDynamic(brokerConfig, out var topicConfig) ? topicConfig : throw new ArgumentException($"{brokerConfig} is not a dynamic broker config", nameof(brokerConfig));
}
