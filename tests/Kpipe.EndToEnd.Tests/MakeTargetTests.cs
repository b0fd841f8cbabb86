using System.Text.Json;

namespace Kpipe.EndToEnd.Tests;

[Trait("Category", "Slow")]
[Trait("Category", "External")]
public sealed class MakeTargetTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Create_topic_takes_the_original_PARITITIONS_variable()
    {
        var topic = KafkaTestCluster.UniqueName("make-topic");

        var make = await MakeAsync("create_topic", $"TOPIC={topic}", "PARITITIONS=4", "REPLICATION=1", $"BROKER={broker.BootstrapServers}");

        Assert.True(make.ExitCode == 0, make.ToString());
        var describe = await KpipeCli.RunAsync("topic", "describe", topic, "--bootstrap", broker.BootstrapServers);
        Assert.Contains("partitions 4", describe.Stdout);
    }

    [Fact]
    public async Task Create_producer_finds_DATA_TO_PRODUCE_under_data_to_load_and_maps_the_docker_broker_name()
    {
        var topic = KafkaTestCluster.UniqueName("make-producer");

        var make = await MakeAsync("create_producer", $"TOPIC={topic}", "DATA_TO_PRODUCE=mock_data.json", "BROKER=kafka:9093");

        Assert.True(make.ExitCode == 0, make.ToString());
        Assert.Contains($"'kafka:9093' does not resolve here; using the local broker {broker.BootstrapServers}", make.Stderr);
        Assert.Contains("1000 sent, 1000 delivered, 0 failed", make.Stderr);
        var consume = await KpipeCli.RunAsync("consume", topic, "--max-messages", "1000", "--bootstrap", broker.BootstrapServers);
        Assert.Equal(1000, consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l)).Count());
    }

    [Fact]
    public async Task Make_targets_without_TOPIC_say_what_to_set()
    {
        var make = await MakeAsync("create_topic");

        Assert.NotEqual(0, make.ExitCode);
        Assert.Contains("set TOPIC=<topic name>", make.Stderr);
    }

    private Task<ProcessResult> MakeAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("make", new[] { "--no-print-directory", $"KPIPE={KpipeCli.MakeCommand}" }.Concat(arguments), Timeout,
            new Dictionary<string, string> { ["KPIPE_LOCAL_BROKER"] = broker.BootstrapServers });
}
