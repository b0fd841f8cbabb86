using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Integration")]
[Trait("Category", "External")]
public sealed class DeadLetterTests : IClassFixture<KafkaClusterFixture>
{
    private readonly KafkaTestCluster _cluster;

    public DeadLetterTests(KafkaClusterFixture fixture) => _cluster = fixture.Cluster;

    [Fact]
    public async Task Bad_records_are_routed_to_dead_letters_with_reason_partition_and_offset_and_never_stop_the_job()
    {
        var topic = await _cluster.CreateTopicAsync(1);
        string[] values =
        [
            """{"id":1,"gender":"Male","ip_address":"192.0.2.1","country":"France"}""",
            "not json",
            "[1,2]",
            """{"gender":"Female"}""",
            """{"id":2,"ip_address":"999.1.1.1"}""",
            """{"id":{"nested":true}}""",
            """{"id":"3","gender":"Female","ip_address":"2001:db8::1"}""",
        ];
        await _cluster.ProduceAsync(topic, 1, values);
        using var harness = new JobHarness();
        var options = new JobOptions
        {
            Topic = topic,
            BootstrapServers = _cluster.BootstrapServers,
            Format = OutputFormat.Csv,
            OutputDirectory = Path.Combine(harness.Root, "output"),
            GroupId = "dlq-" + topic,
            InstanceId = "i0",
            UntilIdle = TimeSpan.FromSeconds(2),
        };

        var result = await harness.Runtime("stream-metrics", options).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(values.Length, result.Records);
        var root = options.JobOutputDirectory("stream-metrics");
        var letters = (await JobHarness.ReadTableAsync(Path.Combine(root, DeadLetterTable.Name), "csv")).OrderBy(r => TableFileReader.Count(r, "offset")).ToArray();
        Assert.Equal([1L, 2, 3, 4, 5], letters.Select(r => TableFileReader.Count(r, "offset")));
        Assert.All(letters, r => Assert.Equal(0L, TableFileReader.Count(r, "partition")));
        Assert.StartsWith("not JSON", TableFileReader.Text(letters[0], "reason"));
        Assert.StartsWith("not a JSON object", TableFileReader.Text(letters[1], "reason"));
        Assert.StartsWith("no id", TableFileReader.Text(letters[2], "reason"));
        Assert.StartsWith("invalid IP address", TableFileReader.Text(letters[3], "reason"));
        Assert.StartsWith("invalid id", TableFileReader.Text(letters[4], "reason"));
        Assert.Equal("not json", TableFileReader.Text(letters[0], "value"));
        Assert.Equal(values[4], TableFileReader.Text(letters[3], "value"));
        var summaries = await JobHarness.ReadTableAsync(Path.Combine(root, "window_summary"), "csv");
        Assert.Equal(5L, summaries.Sum(r => TableFileReader.Count(r, "dead_letters")));
        Assert.Equal(2L, summaries.Sum(r => TableFileReader.Count(r, "records")));
    }
}
