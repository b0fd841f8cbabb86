using Confluent.Kafka;
using Kpipe.Pipeline.Kafka;

namespace Kpipe.Pipeline.Tests.Kafka;

[Trait("Category", "Unit")]
public sealed class FileProducerConfigTests
{
    [Fact]
    public void Extra_settings_reach_the_producer_config_and_override_kpipe_values()
    {
        var config = KafkaConfigs.FileProducer("broker:9092", idempotent: false, new Dictionary<string, string>
        {
            ["security.protocol"] = "SASL_SSL",
            ["sasl.mechanism"] = "PLAIN",
            ["client.id"] = "mine",
        });

        Assert.Equal("SASL_SSL", config.Get("security.protocol"));
        Assert.Equal("PLAIN", config.Get("sasl.mechanism"));
        Assert.Equal("mine", config.ClientId);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal("broker:9092", config.BootstrapServers);
    }

    [Fact]
    public void Without_extra_settings_the_config_is_kpipe_own()
    {
        var config = KafkaConfigs.FileProducer("broker:9092", idempotent: true);

        Assert.Equal("kpipe-producer", config.ClientId);
        Assert.True(config.EnableIdempotence);
        Assert.Null(config.SecurityProtocol);
    }
}
