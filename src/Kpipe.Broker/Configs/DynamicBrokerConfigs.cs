namespace Kpipe.Broker.Configs;

/// <summary>
/// The broker configs changed at run time (AlterConfigs, IncrementalAlterConfigs): the cluster-wide defaults (broker
/// resource named "") and this node's own (broker resource named by its node id), which win over the defaults.
/// </summary>
public sealed record DynamicBrokerConfigs(IReadOnlyDictionary<string, string> ClusterDefault, IReadOnlyDictionary<string, string> PerBroker)
{
    /// <summary>No dynamic broker configs.</summary>
    public static DynamicBrokerConfigs None { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The configs of one scope: the cluster default when <paramref name="clusterDefault"/>, else this node's.</summary>
    public IReadOnlyDictionary<string, string> Scope(bool clusterDefault) => clusterDefault ? ClusterDefault : PerBroker;

    /// <summary>A copy with one scope replaced.</summary>
    public DynamicBrokerConfigs WithScope(bool clusterDefault, IReadOnlyDictionary<string, string> configs) =>
        clusterDefault ? this with { ClusterDefault = configs } : this with { PerBroker = configs };
}
