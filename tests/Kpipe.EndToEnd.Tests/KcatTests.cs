namespace Kpipe.EndToEnd.Tests;

[Trait("Category", "Clients")]
[Trait("Category", "External")]
public sealed class KcatTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kcat_lists_the_broker_and_a_topic_created_by_kpipe()
    {
        var topic = KafkaTestCluster.UniqueName("kcat-meta");
        Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "2", "--replication", "1", "--bootstrap", broker.BootstrapServers)).ExitCode);

        var list = await ProcessRunner.RunAsync("kcat", ["-b", broker.BootstrapServers, "-L"], Timeout);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("1 brokers:", list.Stdout);
        Assert.Contains($"topic \"{topic}\" with 2 partitions", list.Stdout);
    }

    [Fact]
    public async Task Kcat_produces_what_kpipe_consumes_and_consumes_what_kpipe_produces()
    {
        var topic = KafkaTestCluster.UniqueName("kcat-data");
        Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "1", "--replication", "1", "--bootstrap", broker.BootstrapServers)).ExitCode);

        var produce = await ProcessRunner.RunAsync("kcat", ["-b", broker.BootstrapServers, "-P", "-t", topic, "-K", ":"], Timeout,
            stdin: "a:{\"id\":\"a\"}\nb:plain\n"u8.ToArray());
        Assert.True(produce.ExitCode == 0, produce.ToString());

        var consume = await KpipeCli.RunAsync("consume", topic, "--max-messages", "2", "--bootstrap", broker.BootstrapServers);
        Assert.True(consume.ExitCode == 0, consume.ToString());
        var lines = consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"key\":\"a\",\"value\":{\"id\":\"a\"}", lines[0]);
        Assert.Contains("\"key\":\"b\",\"value\":\"plain\"", lines[1]);

        var file = Path.Combine(Path.GetTempPath(), $"kpipe-kcat-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{\"id\":3,\"v\":\"three\"}\n");
        try
        {
            Assert.Equal(0, (await KpipeCli.RunAsync("produce", topic, file, "--bootstrap", broker.BootstrapServers)).ExitCode);
        }
        finally
        {
            File.Delete(file);
        }

        var read = await ProcessRunner.RunAsync("kcat", ["-b", broker.BootstrapServers, "-C", "-t", topic, "-e", "-f", "%k=%s\\n"], Timeout);
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal(["a={\"id\":\"a\"}", "b=plain", "3={\"id\":3,\"v\":\"three\"}"], read.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
