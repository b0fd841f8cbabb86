using System.Text.Json;

namespace Kpipe.EndToEnd.Tests;

/// <summary>kafka-python on the paths older clients take: manual replica assignments and ListOffsets v0.</summary>
[Trait("Category", "Clients")]
public sealed class KafkaPythonLegacyTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task Kafka_python_places_partitions_on_this_node_and_reads_offsets_with_list_offsets_v0()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Clients", "kafka_python_legacy.py");
        var topic = KafkaTestCluster.UniqueName("legacy");

        var run = await ProcessRunner.RunAsync(Python, [script, broker.BootstrapServers, topic], TimeSpan.FromSeconds(90));

        Assert.True(run.ExitCode == 0, run.ToString());
        using var seen = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]);
        Assert.Equal(3, seen.RootElement.GetProperty("partitions").GetInt32());
        // kafka-python names error 39 InvalidReplicationAssignmentError.
        Assert.Equal("InvalidReplicationAssignmentError", seen.RootElement.GetProperty("refused").GetString());
        Assert.Equal(0, seen.RootElement.GetProperty("earliest").GetInt64());
        Assert.Equal(3, seen.RootElement.GetProperty("latest").GetInt64());
    }
}
