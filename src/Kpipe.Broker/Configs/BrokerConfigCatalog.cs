using System.Reflection;

namespace Kpipe.Broker.Configs;

/// <summary>
/// Kafka's broker configs with their types and defaults, read once from the embedded <c>kafka-broker-configs.tsv</c>
/// (name, type, default; <c>\N</c> for no default), so the broker resource of DescribeConfigs lists what Kafka lists.
/// </summary>
public static class BrokerConfigCatalog
{
    private const string ResourceName = "Kpipe.Broker.Configs.kafka-broker-configs.tsv";

    private static readonly Dictionary<string, BrokerConfigDefinition> ByName = Load();

    /// <summary>Every broker config, in name order.</summary>
    public static IReadOnlyList<BrokerConfigDefinition> All { get; } = [.. ByName.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>Finds a broker config by name.</summary>
    public static bool TryGet(string name, out BrokerConfigDefinition definition) => ByName.TryGetValue(name, out definition!);

    private static Dictionary<string, BrokerConfigDefinition> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        var configs = new Dictionary<string, BrokerConfigDefinition>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            var type = Enum.Parse<ConfigType>(fields[1], ignoreCase: true);
            configs.Add(fields[0], new BrokerConfigDefinition(fields[0], type, fields[2] == "\\N" ? null : fields[2]));
        }

        return configs;
    }
}
