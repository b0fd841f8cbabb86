using System.Text.Json;

namespace Kpipe.EndToEnd.Tests;

/// <summary>kafka-python 2.0.x (Debian's python3-kafka, which .ci/run installs) as a client of the broker.</summary>
[Trait("Category", "Clients")]
[Trait("Category", "External")]
public sealed class KafkaPythonTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>
{
    // Debian's interpreter, which has python3-kafka; a python3 earlier on PATH (pyenv) may not.
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task Kafka_python_creates_a_topic_produces_consumes_in_a_group_and_commits()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Clients", "kafka_python_smoke.py");
        var topic = KafkaTestCluster.UniqueName("kafka-python");

        var run = await ProcessRunner.RunAsync(Python, [script, broker.BootstrapServers, topic, "group-" + topic], TimeSpan.FromSeconds(90));

        Assert.True(run.ExitCode == 0, run.ToString());
        using var seen = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]);
        Assert.True(seen.RootElement.GetProperty("listed").GetBoolean(), run.ToString());
        Assert.Equal(20, seen.RootElement.GetProperty("consumed").GetInt32());
        Assert.True(seen.RootElement.GetProperty("matching").GetBoolean());
        Assert.Equal(20, seen.RootElement.GetProperty("committed").GetInt32());
    }
}
