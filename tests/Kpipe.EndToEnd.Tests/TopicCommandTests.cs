namespace Kpipe.EndToEnd.Tests;

[Trait("Category", "Slow")]
[Trait("Category", "External")]
public sealed class TopicCommandTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public async Task Topic_create_list_describe_and_delete_work_through_the_cli()
    {
        var topic = KafkaTestCluster.UniqueName("orders");

        var create = await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "3", "--replication", "1", "--config", "retention.ms=3600000", "--bootstrap", broker.BootstrapServers);
        Assert.True(create.ExitCode == 0, create.ToString());

        var list = await KpipeCli.RunAsync("topic", "list", "--bootstrap", broker.BootstrapServers);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(topic, list.Stdout);

        var describe = await KpipeCli.RunAsync("topic", "describe", topic, "--bootstrap", broker.BootstrapServers);
        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Contains("partitions 3", describe.Stdout);
        Assert.Contains("retention.ms", describe.Stdout);
        Assert.Contains("3600000", describe.Stdout);

        var delete = await KpipeCli.RunAsync("topic", "delete", topic, "--bootstrap", broker.BootstrapServers);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        var after = await KpipeCli.RunAsync("topic", "list", "--bootstrap", broker.BootstrapServers);
        Assert.DoesNotContain(topic, after.Stdout);
    }

    [Fact]
    public async Task A_replication_factor_above_the_broker_count_fails_with_one_clear_line()
    {
        // 100 exceeds the brokers of the embedded single node and of any cluster test-external may point at.
        var result = await KpipeCli.RunAsync("topic", "create", KafkaTestCluster.UniqueName("replicated"), "--partitions", "1", "--replication", "100", "--bootstrap", broker.BootstrapServers);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kpipe: cannot create topic", line);
        Assert.Contains("InvalidReplicationFactor", line);
    }

    [Fact]
    public async Task Describing_a_missing_topic_fails_without_a_stack_trace()
    {
        var result = await KpipeCli.RunAsync("topic", "describe", KafkaTestCluster.UniqueName("missing"), "--bootstrap", broker.BootstrapServers);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task An_unresolvable_bootstrap_host_is_mapped_to_the_local_broker_with_one_notice()
    {
        var result = await KpipeCli.RunAsync(["topic", "list", "--bootstrap", "kafka.invalid:9093"],
            new Dictionary<string, string> { ["KPIPE_LOCAL_BROKER"] = broker.BootstrapServers });

        Assert.True(result.ExitCode == 0, result.ToString());
        var notice = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"kpipe: 'kafka.invalid:9093' does not resolve here; using the local broker {broker.BootstrapServers}", notice);
    }
}
