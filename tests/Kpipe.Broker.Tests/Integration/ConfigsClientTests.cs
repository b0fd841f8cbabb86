using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Broker.Tests.Integration;

/// <summary>Confluent.Kafka's admin client (librdkafka) describing and changing topic and broker configs.</summary>
[Trait("Category", "Integration")]
public sealed class ConfigsClientTests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task IncrementalAlterConfigs_sets_and_appends_and_DescribeConfigs_shows_them_with_synonyms_after_a_restart()
    {
        var topic = new ConfigResource { Type = ResourceType.Topic, Name = "configured" };
        using (var admin = Admin())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic.Name, NumPartitions = 1, ReplicationFactor = 1 }]);
            await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [topic] =
                [
                    new ConfigEntry { Name = "retention.ms", Value = "3600000", IncrementalOperation = AlterConfigOpType.Set },
                    new ConfigEntry { Name = "cleanup.policy", Value = "compact", IncrementalOperation = AlterConfigOpType.Append },
                ],
            });
        }

        await _broker.RestartAsync();

        // librdkafka always asks for synonyms (include_synonyms is true on the wire).
        using var reopened = Admin();
        var described = (await reopened.DescribeConfigsAsync([topic])).Single().Entries;
        var retention = described["retention.ms"];
        Assert.Equal(("3600000", ConfigSource.DynamicTopicConfig), (retention.Value, retention.Source));
        Assert.Equal(
            [("retention.ms", "3600000", ConfigSource.DynamicTopicConfig), ("log.retention.hours", "168", ConfigSource.DefaultConfig)],
            retention.Synonyms.Select(s => (s.Name, s.Value, s.Source)));
        Assert.Equal("delete,compact", described["cleanup.policy"].Value);
        Assert.Equal(("1048588", ConfigSource.DefaultConfig), (described["max.message.bytes"].Value, described["max.message.bytes"].Source));
        Assert.Equal("", described["leader.replication.throttled.replicas"].Value);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_answers_each_bad_resource_with_its_own_error()
    {
        using var admin = Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "strict", NumPartitions = 1, ReplicationFactor = 1 }]);
        var good = new ConfigResource { Type = ResourceType.Topic, Name = "strict" };
        var missing = new ConfigResource { Type = ResourceType.Topic, Name = "missing" };

        var e = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [good] = [new ConfigEntry { Name = "retention.ms", Value = "1000", IncrementalOperation = AlterConfigOpType.Append }],
            [missing] = [new ConfigEntry { Name = "retention.ms", Value = "1000", IncrementalOperation = AlterConfigOpType.Set }],
        }));
        Assert.Equal(ErrorCode.InvalidRequest, e.Results.Single(r => r.ConfigResource.Name == "strict").Error.Code);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, e.Results.Single(r => r.ConfigResource.Name == "missing").Error.Code);

        var unknown = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [good] = [new ConfigEntry { Name = "retention.forever", Value = "1", IncrementalOperation = AlterConfigOpType.Set }],
        }));
        Assert.Equal(ErrorCode.InvalidConfig, unknown.Results.Single().Error.Code);
    }

    [Fact]
    public async Task AlterConfigs_validate_only_changes_nothing_and_a_real_change_lowers_max_message_bytes_for_producers()
    {
        using var admin = Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "small", NumPartitions = 1, ReplicationFactor = 1 }]);
        var topic = new ConfigResource { Type = ResourceType.Topic, Name = "small" };
        var change = new Dictionary<ConfigResource, List<ConfigEntry>> { [topic] = [new ConfigEntry { Name = "max.message.bytes", Value = "1000" }] };

        await admin.AlterConfigsAsync(change, new AlterConfigsOptions { ValidateOnly = true });
        Assert.Equal("1048588", (await admin.DescribeConfigsAsync([topic])).Single().Entries["max.message.bytes"].Value);

        await admin.AlterConfigsAsync(change);
        Assert.Equal("1000", (await admin.DescribeConfigsAsync([topic])).Single().Entries["max.message.bytes"].Value);

        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, MessageTimeoutMs = 10000 }).Build();
        var refused = await Assert.ThrowsAsync<ProduceException<Null, byte[]>>(() => producer.ProduceAsync("small", new Message<Null, byte[]> { Value = new byte[5000] }));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, refused.Error.Code);
    }

    [Fact]
    public async Task The_broker_resource_lists_kafkas_broker_configs_and_takes_a_dynamic_log_default()
    {
        using var admin = Admin();
        var node = new ConfigResource { Type = ResourceType.Broker, Name = "1" };

        await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [node] = [new ConfigEntry { Name = "log.retention.ms", Value = "7200000", IncrementalOperation = AlterConfigOpType.Set }],
        });

        var broker = (await admin.DescribeConfigsAsync([node])).Single().Entries;
        Assert.True(broker.Count > 200, $"only {broker.Count} broker configs");
        Assert.Equal($"PLAINTEXT://{_broker.BootstrapServers}", broker["advertised.listeners"].Value);
        Assert.Equal(("3", ConfigSource.DefaultConfig), (broker["num.network.threads"].Value, broker["num.network.threads"].Source));
        Assert.Equal(("7200000", ConfigSource.DynamicBrokerConfig), (broker["log.retention.ms"].Value, broker["log.retention.ms"].Source));

        await admin.CreateTopicsAsync([new TopicSpecification { Name = "follows", NumPartitions = 1, ReplicationFactor = 1 }]);
        var topic = (await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = "follows" }])).Single().Entries["retention.ms"];
        Assert.Equal(("7200000", ConfigSource.DynamicBrokerConfig), (topic.Value, topic.Source));
    }

    private IAdminClient Admin() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _broker.BootstrapServers }).Build();
}
