using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.EndToEnd.Tests;

/// <summary><c>--node-id</c> on <c>kpipe cluster start</c>: the broker reports it to kcat and takes replica assignments naming it; its data directory keeps it.</summary>
[Trait("Category", "Slow")]
public sealed class NodeIdCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kpipe-e2e-node-id-").FullName;

    private string DataDirectory => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Cluster_start_with_a_node_id_reports_it_in_metadata_and_accepts_assignments_naming_it()
    {
        var port = FreePort.Reserve();
        var start = await KpipeCli.RunAsync("cluster", "start", "--data-dir", DataDirectory, "--listen", $"127.0.0.1:{port}", "--node-id", "5");
        try
        {
            Assert.True(start.ExitCode == 0, start.ToString());

            var metadata = await ProcessRunner.RunAsync("kcat", ["-b", $"127.0.0.1:{port}", "-L"], TimeSpan.FromSeconds(30));
            Assert.True(metadata.ExitCode == 0, metadata.ToString());
            Assert.Contains($"broker 5 at 127.0.0.1:{port} (controller)", metadata.Stdout);

            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = $"127.0.0.1:{port}" }).Build();
            Assert.Equal(5, (await admin.DescribeClusterAsync()).Controller.Id);
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "placed", NumPartitions = 1, ReplicationFactor = -1, ReplicasAssignments = new() { [0] = [5] } }]);
            Assert.Equal(5, admin.GetMetadata("placed", TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Single().Leader);
        }
        finally
        {
            await KpipeCli.RunAsync("cluster", "stop", "--data-dir", DataDirectory);
        }

        // The data directory now belongs to node 5, as a Kafka log directory belongs to the node that formatted it.
        var other = await KpipeCli.RunAsync("broker", "start", "--data-dir", DataDirectory, "--listen", "127.0.0.1:0", "--node-id", "6");
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("belongs to node 5", other.Stderr + other.Stdout);
        Assert.Contains("--node-id 5", other.Stderr + other.Stdout);
    }

    [Fact]
    public async Task A_negative_node_id_is_refused_with_a_clear_error()
    {
        var start = await KpipeCli.RunAsync("broker", "start", "--data-dir", DataDirectory, "--listen", "127.0.0.1:0", "--node-id", "-3");

        Assert.NotEqual(0, start.ExitCode);
        Assert.Contains("--node-id must be 0 or more", start.Stderr + start.Stdout);
    }
}
