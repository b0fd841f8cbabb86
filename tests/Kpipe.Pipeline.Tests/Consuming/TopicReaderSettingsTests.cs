using Kpipe.Pipeline.Consuming;

namespace Kpipe.Pipeline.Tests.Consuming;

[Trait("Category", "Unit")]
public sealed class TopicReaderSettingsTests
{
    [Fact]
    public void Extra_settings_reach_the_consumer_config()
    {
        var reader = new TopicReader("broker:9092", TimeProvider.System, new Dictionary<string, string>
        {
            ["security.protocol"] = "SSL",
            ["ssl.ca.location"] = "/etc/ca.pem",
        });

        var config = reader.ConsumerConfig(new TopicReadOptions { Topic = "t", Start = StartPosition.Beginning });

        Assert.Equal("SSL", config.Get("security.protocol"));
        Assert.Equal("/etc/ca.pem", config.SslCaLocation);
        Assert.Equal("kpipe-consumer", config.ClientId);
    }
}
