using System.Net;
using Kpipe.Broker.Configs;
using Kpipe.Broker.Metadata;

namespace Kpipe.Broker.Tests.Configs;

[Trait("Category", "Unit")]
public sealed class ConfigViewTests
{
    private static readonly BrokerOptions Options = new() { DataDirectory = "/var/lib/kpipe", Listen = new IPEndPoint(IPAddress.Loopback, 9092), NodeId = 7, DefaultPartitions = 3 };

    private static BrokerConfigLayers Layers(DynamicBrokerConfigs? dynamic = null) =>
        BrokerConfigLayers.For(Options, "kpipe.example", 19092, dynamic ?? DynamicBrokerConfigs.None);

    private static Dictionary<string, string> Set(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    [Fact]
    public void A_topic_without_overrides_reports_current_kafka_defaults_with_the_default_source()
    {
        var configs = TopicConfigView.Describe(Set(), Layers()).ToDictionary(c => c.Name);

        Assert.Equal("1048588", configs["max.message.bytes"].Value);
        Assert.Equal("1073741824", configs["segment.bytes"].Value);
        Assert.Equal("604800000", configs["retention.ms"].Value);
        Assert.Equal("", configs["leader.replication.throttled.replicas"].Value);
        Assert.Equal("", configs["follower.replication.throttled.replicas"].Value);
        Assert.All(configs.Values.Where(c => c.Name != "flush.ms"), c => Assert.Equal(ConfigSource.Default, c.Source));

        // --fsync interval (1 s by default) is the broker's log.flush.interval.ms, the default of flush.ms.
        Assert.Equal(("1000", ConfigSource.StaticBroker), (configs["flush.ms"].Value, configs["flush.ms"].Source));
        Assert.Equal(ConfigType.List, configs["cleanup.policy"].Type);
        Assert.Equal(ConfigType.Long, configs["retention.ms"].Type);
        Assert.Equal(ConfigType.Int, configs["max.message.bytes"].Type);
    }

    [Fact]
    public void An_override_leads_the_synonyms_and_the_broker_default_follows_in_its_own_units()
    {
        var retention = TopicConfigView.Describe(Set(("retention.ms", "5000")), Layers()).Single(c => c.Name == "retention.ms");

        Assert.Equal(("5000", ConfigSource.TopicOverride), (retention.Value, retention.Source));
        Assert.Equal(
            [new ConfigSynonym("retention.ms", "5000", ConfigSource.TopicOverride), new ConfigSynonym("log.retention.hours", "168", ConfigSource.Default)],
            retention.Synonyms);
    }

    [Fact]
    public void A_dynamic_broker_default_sets_the_value_of_topics_without_an_override()
    {
        var dynamic = new DynamicBrokerConfigs(Set(("log.retention.ms", "60000")), Set(("message.max.bytes", "2000000")));

        var configs = TopicConfigView.Describe(Set(), Layers(dynamic)).ToDictionary(c => c.Name);

        Assert.Equal(("60000", ConfigSource.DynamicDefaultBroker), (configs["retention.ms"].Value, configs["retention.ms"].Source));
        Assert.Equal(("2000000", ConfigSource.DynamicBroker), (configs["max.message.bytes"].Value, configs["max.message.bytes"].Source));
        var effective = TopicConfigView.Effective(Set(("max.message.bytes", "1000")), Layers(dynamic));
        Assert.Equal(Set(("flush.ms", "1000"), ("max.message.bytes", "1000"), ("retention.ms", "60000")), effective);
    }

    [Fact]
    public void The_broker_resource_lists_every_kafka_broker_config_with_kpipes_values_as_static()
    {
        var configs = BrokerConfigView.Describe(Layers(), clusterDefaultOnly: false).ToDictionary(c => c.Name);

        Assert.True(configs.Count > 200, $"only {configs.Count} broker configs");
        Assert.Equal(("PLAINTEXT://kpipe.example:19092", ConfigSource.StaticBroker), (configs["advertised.listeners"].Value, configs["advertised.listeners"].Source));
        Assert.Equal("PLAINTEXT://127.0.0.1:9092", configs["listeners"].Value);
        Assert.Equal(("7", ConfigSource.StaticBroker), (configs["node.id"].Value, configs["node.id"].Source));
        Assert.Equal(("3", ConfigSource.StaticBroker), (configs["num.partitions"].Value, configs["num.partitions"].Source));
        Assert.Equal("/var/lib/kpipe", configs["log.dirs"].Value);
        Assert.Equal(("3", ConfigSource.Default), (configs["num.network.threads"].Value, configs["num.network.threads"].Source));
        Assert.Equal(("1048588", ConfigSource.Default), (configs["message.max.bytes"].Value, configs["message.max.bytes"].Source));
        Assert.True(configs["num.network.threads"].ReadOnly);
        Assert.False(configs["log.retention.ms"].ReadOnly);
        Assert.Equal(["log.retention.hours"], configs["log.retention.ms"].Synonyms.Select(s => s.Name));
        Assert.True(configs["ssl.keystore.password"].Sensitive);
        Assert.Null(configs["ssl.keystore.password"].Value);
    }

    [Fact]
    public void The_cluster_default_broker_resource_lists_only_the_dynamic_defaults()
    {
        var dynamic = new DynamicBrokerConfigs(Set(("log.retention.ms", "60000")), Set(("log.segment.bytes", "1048576")));

        var configs = BrokerConfigView.Describe(Layers(dynamic), clusterDefaultOnly: true);

        var only = Assert.Single(configs);
        Assert.Equal(("log.retention.ms", "60000", ConfigSource.DynamicDefaultBroker), (only.Name, only.Value, only.Source));
        Assert.All(only.Synonyms, s => Assert.Equal(ConfigSource.DynamicDefaultBroker, s.Source));
    }

    [Fact]
    public void Broker_configs_kpipe_cannot_change_at_run_time_are_read_only_and_the_log_defaults_are_not()
    {
        Assert.True(TopicConfigSynonyms.TryGetDynamic("log.retention.ms", out var topicConfig));
        Assert.Equal("retention.ms", topicConfig);
        Assert.False(TopicConfigSynonyms.TryGetDynamic("log.retention.hours", out _));
        Assert.False(TopicConfigSynonyms.TryGetDynamic("log.flush.interval.ms", out _));
        Assert.False(TopicConfigSynonyms.TryGetDynamic("num.io.threads", out _));
    }

    [Fact]
    public void Every_config_has_documentation_and_the_settings_kpipe_uses_are_not_called_unused()
    {
        var broker = BrokerConfigView.Describe(Layers(), clusterDefaultOnly: false);
        var topic = TopicConfigView.Describe(Set(), Layers());

        Assert.All(broker.Concat(topic), c => Assert.False(string.IsNullOrWhiteSpace(c.Documentation), c.Name));
        Assert.All(broker.Where(c => c.Source == ConfigSource.StaticBroker || !c.ReadOnly), c => Assert.NotEqual(ConfigDocumentation.UnusedBrokerConfig, c.Documentation));
        Assert.Equal(ConfigDocumentation.UnusedBrokerConfig, broker.Single(c => c.Name == "num.network.threads").Documentation);
    }
}
