using Kpipe.Broker.Metadata;

namespace Kpipe.Broker.Tests.Metadata;

[Trait("Category", "Unit")]
public sealed class TopicConfigCatalogTests
{
    [Theory]
    [InlineData("retention.ms", "-1")]
    [InlineData("retention.ms", "86400000")]
    [InlineData("retention.bytes", "1073741824")]
    [InlineData("cleanup.policy", "delete")]
    [InlineData("cleanup.policy", "compact,delete")]
    [InlineData("message.timestamp.type", "LogAppendTime")]
    [InlineData("compression.type", "zstd")]
    [InlineData("min.cleanable.dirty.ratio", "0.25")]
    [InlineData("preallocate", "TRUE")]
    [InlineData("segment.bytes", "1048576")]
    public void Validate_accepts_kafka_values(string name, string value) => Assert.Null(TopicConfigCatalog.Validate(name, value));

    [Theory]
    [InlineData("retention.ms", "-2", "integer")]
    [InlineData("retention.ms", "soon", "integer")]
    [InlineData("cleanup.policy", "archive", "delete")]
    [InlineData("message.timestamp.type", "WallClock", "CreateTime")]
    [InlineData("compression.type", "brotli", "zstd")]
    [InlineData("min.cleanable.dirty.ratio", "1.5", "[0, 1]")]
    [InlineData("preallocate", "yes", "true or false")]
    [InlineData("segment.bytes", "10", "14")]
    [InlineData("max.message.bytes", "99999999999", "32-bit")]
    public void Validate_refuses_bad_values_with_a_message(string name, string value, string hint)
    {
        var message = TopicConfigCatalog.Validate(name, value);

        Assert.NotNull(message);
        Assert.Contains(name, message);
        Assert.Contains(hint, message);
    }

    [Fact]
    public void Validate_refuses_unknown_names_and_null_values()
    {
        Assert.Contains("unknown topic config", TopicConfigCatalog.Validate("retention.hours", "1"));
        Assert.Contains("needs a value", TopicConfigCatalog.Validate("retention.ms", null));
    }

    [Fact]
    public void Defaults_match_kafka()
    {
        Assert.Equal("604800000", TopicConfigCatalog.DefaultValue("retention.ms"));
        Assert.Equal("-1", TopicConfigCatalog.DefaultValue("retention.bytes"));
        Assert.Equal("1073741824", TopicConfigCatalog.DefaultValue("segment.bytes"));
        Assert.Equal("1048588", TopicConfigCatalog.DefaultValue("max.message.bytes"));
        Assert.Equal("CreateTime", TopicConfigCatalog.DefaultValue("message.timestamp.type"));
        Assert.Equal("producer", TopicConfigCatalog.DefaultValue("compression.type"));
        Assert.Equal("4096", TopicConfigCatalog.DefaultValue("index.interval.bytes"));
    }

    [Fact]
    public void ToLogConfig_applies_overrides_over_defaults()
    {
        var config = TopicConfigCatalog.ToLogConfig(new Dictionary<string, string>
        {
            ["retention.ms"] = "1000",
            ["message.timestamp.type"] = "LogAppendTime",
            ["cleanup.policy"] = "compact",
        });

        Assert.Equal(1000, config.RetentionMs);
        Assert.True(config.LogAppendTime);
        Assert.False(config.DeleteRetention);
        Assert.Equal(1073741824, config.SegmentBytes);
    }
}
