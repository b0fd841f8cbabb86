using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Metadata;

/// <summary>How CreateTopic, EnsureTopic and their validate-only forms accept or refuse names, counts and configs.</summary>
public sealed partial class TopicRegistryTests
{
    [Fact]
    public void CreateTopic_with_minus_one_uses_the_broker_defaults()
    {
        using var registry = Open(Options() with { DefaultPartitions = 4 });

        Assert.Equal(TopicOutcome.Ok, registry.CreateTopic("events", -1, -1, NoConfigs, false));

        Assert.True(registry.TryGetTopic("events", out var topic));
        Assert.Equal(4, topic.PartitionCount);
    }

    [Theory]
    [InlineData("bad name", ErrorCode.InvalidTopicException)]
    [InlineData("..", ErrorCode.InvalidTopicException)]
    [InlineData("", ErrorCode.InvalidTopicException)]
    public void CreateTopic_refuses_illegal_names(string name, ErrorCode expected)
    {
        using var registry = Open();

        var outcome = registry.CreateTopic(name, 1, 1, NoConfigs, false);

        Assert.Equal(expected, outcome.Error);
        Assert.NotNull(outcome.Message);
        Assert.Empty(registry.ListTopics());
    }

    [Fact]
    public void CreateTopic_refuses_a_name_colliding_after_dot_underscore_folding()
    {
        using var registry = Open();
        registry.CreateTopic("web.events", 1, 1, NoConfigs, false);

        var outcome = registry.CreateTopic("web_events", 1, 1, NoConfigs, false);

        Assert.Equal(ErrorCode.InvalidTopicException, outcome.Error);
        Assert.Contains("collides with existing topic", outcome.Message);
    }

    [Fact]
    public void CreateTopic_refuses_an_existing_topic()
    {
        using var registry = Open();
        registry.CreateTopic("events", 1, 1, NoConfigs, false);

        Assert.Equal(ErrorCode.TopicAlreadyExists, registry.CreateTopic("events", 2, 1, NoConfigs, false).Error);
    }

    [Fact]
    public void CreateTopic_refuses_a_replication_factor_above_one_saying_why()
    {
        using var registry = Open();

        var outcome = registry.CreateTopic("events", 1, 3, NoConfigs, false);

        Assert.Equal(ErrorCode.InvalidReplicationFactor, outcome.Error);
        Assert.Equal("this is a single-node broker: replication factor must be 1", outcome.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void CreateTopic_refuses_zero_or_negative_replication_factors(short replicationFactor)
    {
        using var registry = Open();

        Assert.Equal(ErrorCode.InvalidReplicationFactor, registry.CreateTopic("events", 1, replicationFactor, NoConfigs, false).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(1_000_000)]
    public void CreateTopic_refuses_bad_partition_counts(int partitions)
    {
        using var registry = Open();

        var outcome = registry.CreateTopic("events", partitions, 1, NoConfigs, false);

        Assert.Equal(ErrorCode.InvalidPartitions, outcome.Error);
        Assert.NotNull(outcome.Message);
    }

    [Fact]
    public void CreateTopic_refuses_unknown_or_invalid_configs_with_a_message()
    {
        using var registry = Open();

        var unknown = registry.CreateTopic("a", 1, 1, new Dictionary<string, string?> { ["retention.hours"] = "1" }, false);
        var invalid = registry.CreateTopic("b", 1, 1, new Dictionary<string, string?> { ["retention.ms"] = "forever" }, false);

        Assert.Equal(ErrorCode.InvalidConfig, unknown.Error);
        Assert.Contains("retention.hours", unknown.Message);
        Assert.Equal(ErrorCode.InvalidConfig, invalid.Error);
        Assert.Contains("forever", invalid.Message);
        Assert.Empty(registry.ListTopics());
    }

    [Fact]
    public void CreateTopic_validate_only_checks_without_creating()
    {
        using var registry = Open();

        Assert.Equal(TopicOutcome.Ok, registry.CreateTopic("events", 1, 1, NoConfigs, validateOnly: true));

        Assert.Empty(registry.ListTopics());
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "events-0")));
    }

    [Fact]
    public void EnsureTopic_creates_unknown_topics_with_defaults_when_auto_creation_is_on()
    {
        using var registry = Open(Options() with { DefaultPartitions = 2 });

        Assert.Equal(TopicOutcome.Ok, registry.EnsureTopic("auto"));
        Assert.Equal(TopicOutcome.Ok, registry.EnsureTopic("auto"));

        Assert.True(registry.TryGetTopic("auto", out var topic));
        Assert.Equal(2, topic.PartitionCount);
    }

    [Fact]
    public void EnsureTopic_answers_unknown_topic_when_auto_creation_is_off()
    {
        using var registry = Open(Options() with { AutoCreateTopics = false });

        var outcome = registry.EnsureTopic("auto");

        Assert.Equal(ErrorCode.UnknownTopicOrPartition, outcome.Error);
        Assert.Contains("auto.create.topics.enable", outcome.Message);
        Assert.Equal(ErrorCode.InvalidTopicException, registry.EnsureTopic("bad name").Error);
        Assert.Empty(registry.ListTopics());
    }

    [Fact]
    public void EnsureTopic_refuses_an_illegal_name()
    {
        using var registry = Open();

        Assert.Equal(ErrorCode.InvalidTopicException, registry.EnsureTopic("bad name").Error);
    }
}
