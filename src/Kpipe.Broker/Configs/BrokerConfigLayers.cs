using Kpipe.Broker.Metadata;

namespace Kpipe.Broker.Configs;

/// <summary>
/// Where each broker config's value may come from, highest precedence first, as Kafka resolves it: this node's dynamic
/// config, the cluster-wide dynamic default, the static config (kpipe's options), Kafka's default.
/// </summary>
public sealed class BrokerConfigLayers
{
    private readonly IReadOnlyDictionary<string, string> _static;
    private readonly DynamicBrokerConfigs _dynamic;

    internal BrokerConfigLayers(IReadOnlyDictionary<string, string> staticConfigs, DynamicBrokerConfigs dynamic)
    {
        _static = staticConfigs;
        _dynamic = dynamic;
    }

    /// <summary>The layers of a broker built from its options, its advertised address and its dynamic configs.</summary>
    public static BrokerConfigLayers For(BrokerOptions options, string advertisedHost, int advertisedPort, DynamicBrokerConfigs dynamic) =>
        new(StaticBrokerConfigs.From(options, advertisedHost, advertisedPort), dynamic);

    /// <summary>The dynamic broker configs these layers include.</summary>
    public DynamicBrokerConfigs Dynamic => _dynamic;

    /// <summary>Every value set for <paramref name="name"/>, highest precedence first; Kafka's default last when it has one.</summary>
    public IEnumerable<ConfigSynonym> Of(string name)
    {
        if (_dynamic.PerBroker.TryGetValue(name, out var perBroker))
        {
            yield return new ConfigSynonym(name, perBroker, ConfigSource.DynamicBroker);
        }

        if (_dynamic.ClusterDefault.TryGetValue(name, out var clusterDefault))
        {
            yield return new ConfigSynonym(name, clusterDefault, ConfigSource.DynamicDefaultBroker);
        }

        if (_static.TryGetValue(name, out var configured))
        {
            yield return new ConfigSynonym(name, configured, ConfigSource.StaticBroker);
        }

        if (BrokerConfigCatalog.TryGet(name, out var definition) && definition.Default is { } kafkaDefault)
        {
            yield return new ConfigSynonym(name, kafkaDefault, ConfigSource.Default);
        }
    }
}
