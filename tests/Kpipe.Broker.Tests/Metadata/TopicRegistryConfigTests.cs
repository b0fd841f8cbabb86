using Kpipe.Broker.Configs;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Broker.Tests.Metadata;

/// <summary>AlterConfigs and IncrementalAlterConfigs through the registry: errors, validate-only, persistence, and settings taking effect.</summary>
[Trait("Category", "Unit")]
public sealed class TopicRegistryConfigTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoConfigs = [];

    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Topic_config_changes_persist_across_a_reopen()
    {
        using (var registry = Open())
        {
            registry.CreateTopic("events", 1, 1, new Dictionary<string, string?> { ["segment.ms"] = "3600000" }, false);
            Assert.Equal(TopicOutcome.Ok, registry.AlterTopicConfigs("events", [Set("retention.ms", "1000"), new("cleanup.policy", ConfigOperation.Append, "compact")], false, false));
        }

        using var reopened = Open();
        Assert.True(reopened.TryGetTopic("events", out var topic));
        Assert.Equal(
            new Dictionary<string, string> { ["segment.ms"] = "3600000", ["retention.ms"] = "1000", ["cleanup.policy"] = "delete,compact" },
            topic.ConfigOverrides);
    }

    [Fact]
    public void AlterConfigs_replaces_every_override_and_DELETE_returns_one_to_its_default()
    {
        using var registry = Open();
        registry.CreateTopic("events", 1, 1, new Dictionary<string, string?> { ["segment.ms"] = "3600000", ["retention.ms"] = "5000" }, false);

        registry.AlterTopicConfigs("events", [Set("retention.bytes", "100")], replace: true, validateOnly: false);
        Assert.Equal(new Dictionary<string, string> { ["retention.bytes"] = "100" }, Overrides(registry, "events"));

        registry.AlterTopicConfigs("events", [new("retention.bytes", ConfigOperation.Delete, null)], replace: false, validateOnly: false);
        Assert.Empty(Overrides(registry, "events"));
    }

    [Fact]
    public void Validate_only_checks_without_changing_anything()
    {
        using var registry = Open();
        registry.CreateTopic("events", 1, 1, NoConfigs, false);

        Assert.Equal(TopicOutcome.Ok, registry.AlterTopicConfigs("events", [Set("retention.ms", "1000")], false, validateOnly: true));
        Assert.Equal(ErrorCode.InvalidConfig, registry.AlterTopicConfigs("events", [Set("retention.ms", "soon")], false, validateOnly: true).Error);
        Assert.Empty(Overrides(registry, "events"));
    }

    [Theory]
    [InlineData("no.such.config", ConfigOperation.Set, "1", ErrorCode.InvalidConfig, "Unknown topic config name: no.such.config")]
    [InlineData("retention.ms", ConfigOperation.Set, "-5", ErrorCode.InvalidConfig, "invalid value '-5' for topic config 'retention.ms'")]
    [InlineData("retention.ms", ConfigOperation.Append, "1000", ErrorCode.InvalidRequest, "Config value append is not allowed for config key: retention.ms")]
    [InlineData("max.message.bytes", ConfigOperation.Subtract, "1000", ErrorCode.InvalidRequest, "Config value subtract is not allowed for config key: max.message.bytes")]
    [InlineData("retention.ms", ConfigOperation.Set, null, ErrorCode.InvalidRequest, "Null value not supported")]
    [InlineData("retention.ms", (ConfigOperation)9, "1", ErrorCode.InvalidRequest, "Unknown alter configs operation 9")]
    [InlineData("cleanup.policy", ConfigOperation.Append, "shred", ErrorCode.InvalidConfig, "invalid value 'delete,shred' for topic config 'cleanup.policy'")]
    public void A_bad_change_refuses_the_whole_resource_with_kafkas_error(string name, ConfigOperation operation, string? value, ErrorCode error, string message)
    {
        using var registry = Open();
        registry.CreateTopic("events", 1, 1, NoConfigs, false);

        var outcome = registry.AlterTopicConfigs("events", [Set("segment.ms", "1000"), new(name, operation, value)], false, false);

        Assert.Equal(error, outcome.Error);
        Assert.StartsWith(message, outcome.Message, StringComparison.Ordinal);
        Assert.Empty(Overrides(registry, "events"));
    }

    [Fact]
    public void A_repeated_name_and_a_missing_topic_get_their_own_errors()
    {
        using var registry = Open();
        registry.CreateTopic("events", 1, 1, NoConfigs, false);

        Assert.Equal(ErrorCode.InvalidRequest, registry.AlterTopicConfigs("events", [Set("retention.ms", "1"), Set("retention.ms", "2")], false, false).Error);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, registry.AlterTopicConfigs("missing", [Set("retention.ms", "1")], false, false).Error);
    }

    [Fact]
    public void A_lowered_max_message_bytes_refuses_larger_batches_at_once()
    {
        using var registry = Open();
        registry.CreateTopic("events", 1, 1, NoConfigs, false);
        var batch = TestBatches.OfValues(new string('x', 500));
        Assert.Equal(ErrorCode.None, registry.GetLog("events", 0)!.Append(batch).Error);

        registry.AlterTopicConfigs("events", [Set("max.message.bytes", "200")], false, false);

        Assert.Equal(ErrorCode.MessageTooLarge, registry.GetLog("events", 0)!.Append(batch).Error);
    }

    [Fact]
    public void A_shortened_retention_deletes_at_the_next_retention_run()
    {
        using var registry = Open();
        registry.CreateTopic("events", 1, 1, NoConfigs, false);
        var log = registry.GetLog("events", 0)!;
        log.Append(TestBatches.Create([TestRecord.Of("k", "v", _clock.GetUtcNow().ToUnixTimeMilliseconds())]));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, log.LogStartOffset);

        registry.AlterTopicConfigs("events", [Set("retention.ms", "60000")], false, false);
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, log.LogStartOffset);
    }

    [Fact]
    public void A_dynamic_broker_default_applies_to_topics_without_an_override_and_persists()
    {
        using (var registry = Open())
        {
            registry.CreateTopic("plain", 1, 1, NoConfigs, false);
            registry.CreateTopic("own", 1, 1, new Dictionary<string, string?> { ["max.message.bytes"] = "100000" }, false);
            var batch = TestBatches.OfValues(new string('x', 500));

            Assert.Equal(TopicOutcome.Ok, registry.AlterBrokerConfigs(clusterDefault: true, [Set("message.max.bytes", "200")], false, false));

            Assert.Equal(ErrorCode.MessageTooLarge, registry.GetLog("plain", 0)!.Append(batch).Error);
            Assert.Equal(ErrorCode.None, registry.GetLog("own", 0)!.Append(batch).Error);
        }

        using var reopened = Open();
        Assert.Equal(new Dictionary<string, string> { ["message.max.bytes"] = "200" }, reopened.BrokerConfigs.ClusterDefault);
        Assert.Equal(ErrorCode.MessageTooLarge, reopened.GetLog("plain", 0)!.Append(TestBatches.OfValues(new string('x', 500))).Error);
    }

    [Theory]
    [InlineData("num.network.threads", "Cannot update these configs dynamically: [num.network.threads]")]
    [InlineData("log.retention.hours", "Cannot update these configs dynamically: [log.retention.hours]")]
    [InlineData("no.such.setting", "Unknown broker config name: no.such.setting")]
    public void Broker_configs_kpipe_cannot_change_at_run_time_are_invalid_config(string name, string message)
    {
        using var registry = Open();

        var outcome = registry.AlterBrokerConfigs(clusterDefault: false, [Set(name, "5")], false, false);

        Assert.Equal(ErrorCode.InvalidConfig, outcome.Error);
        Assert.StartsWith(message, outcome.Message, StringComparison.Ordinal);
        Assert.Empty(registry.BrokerConfigs.PerBroker);
    }

    [Fact]
    public void A_damaged_dynamic_config_file_stops_the_open_with_a_message_naming_it()
    {
        File.WriteAllText(Path.Combine(_data.Path, "broker-configs.json"), "{ not json");

        var error = Assert.Throws<IOException>(() => Open());

        Assert.Contains("broker-configs.json is damaged", error.Message, StringComparison.Ordinal);
        Assert.Contains("fix or delete it", error.Message, StringComparison.Ordinal);
    }

    private static ConfigAlteration Set(string name, string value) => new(name, ConfigOperation.Set, value);

    private static IReadOnlyDictionary<string, string> Overrides(TopicRegistry registry, string topic) =>
        registry.TryGetTopic(topic, out var info) ? info.ConfigOverrides : throw new InvalidOperationException($"no topic {topic}");

    private TopicRegistry Open() => TopicRegistry.Open(new BrokerOptions { DataDirectory = _data.Path }, NullLoggerFactory.Instance, _clock, new FaultyFileSystem());
}
