using System.Net;
using System.Net.Sockets;

namespace Kpipe.EndToEnd.Tests;

[Trait("Category", "Slow")]
public sealed class ClusterCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kpipe-e2e-cluster-").FullName;

    private string DataDirectory => Path.Combine(_root, "data");

    [Fact]
    public async Task Cluster_start_status_and_stop_manage_a_background_broker()
    {
        var port = FreePort.Reserve();
        var start = await KpipeCli.RunAsync("cluster", "start", "--data-dir", DataDirectory, "--listen", $"127.0.0.1:{port}");
        try
        {
            Assert.True(start.ExitCode == 0, start.ToString());
            Assert.True(File.Exists(Path.Combine(_root, "broker.pid")));
            Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", "events", "--partitions", "2", "--replication", "1", "--bootstrap", $"127.0.0.1:{port}")).ExitCode);

            var again = await KpipeCli.RunAsync("cluster", "start", "--data-dir", DataDirectory, "--listen", $"127.0.0.1:{port}");
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("a broker already runs", again.Stderr);

            var records = Path.Combine(_root, "records.jsonl");
            await File.WriteAllLinesAsync(records, ["""{"id":1,"name":"a"}""", """{"id":2,"name":"b"}""", """{"id":3,"name":"c"}"""]);
            var produce = await KpipeCli.RunAsync("produce", "events", records, "--bootstrap", $"127.0.0.1:{port}");
            Assert.True(produce.ExitCode == 0, produce.ToString());

            var status = await KpipeCli.RunAsync("cluster", "status", "--data-dir", DataDirectory);
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains($"running at 127.0.0.1:{port}", status.Stdout);
            // One row per partition: topic, partition, size on disk, log end offset; the three records are somewhere.
            var rows = status.Stdout.Split('\n').Where(l => l.Contains("events", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, rows.Count);
            var cells = rows.Select(r => r.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            Assert.All(cells, c => Assert.Matches(@"^\d+ B$|^\d+\.\d (KiB|MiB)$", c[2]));
            Assert.Equal(3, cells.Sum(c => long.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Contains(cells, c => c[2] != "0 B");
        }
        finally
        {
            var stop = await KpipeCli.RunAsync("cluster", "stop", "--data-dir", DataDirectory);
            Assert.True(stop.ExitCode == 0, stop.ToString());
            Assert.Contains("Broker stopped", stop.Stdout);
        }

        Assert.False(File.Exists(Path.Combine(_root, "broker.pid")));
        var stopped = await KpipeCli.RunAsync("cluster", "status", "--data-dir", DataDirectory);
        Assert.Contains("not running", stopped.Stdout);
        Assert.Contains("stopped", await File.ReadAllTextAsync(Path.Combine(_root, "broker.log")));
    }

    [Fact]
    public async Task Cluster_start_on_a_taken_port_reports_the_brokers_error()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var start = await KpipeCli.RunAsync("cluster", "start", "--data-dir", DataDirectory, "--listen", $"127.0.0.1:{port}");

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("exited before answering", start.Stderr);
        Assert.Contains($"port {port} is in use", start.Stderr);
        Assert.False(File.Exists(Path.Combine(_root, "broker.pid")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
