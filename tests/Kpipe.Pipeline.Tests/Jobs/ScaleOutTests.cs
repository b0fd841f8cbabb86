using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Metrics;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Integration")]
[Trait("Category", "External")]
public sealed class ScaleOutTests : IClassFixture<KafkaClusterFixture>
{
    private const int Partitions = 4;
    private readonly KafkaTestCluster _cluster;

    public ScaleOutTests(KafkaClusterFixture fixture) => _cluster = fixture.Cluster;

    [Fact]
    public async Task Two_instances_in_one_group_merge_into_the_report_of_one_instance()
    {
        var topic = await _cluster.CreateTopicAsync(Partitions);
        var values = MockUsers.Create(2_000, distinctUsers: 700).ToList();
        values.Insert(5, "[1,2,3]");
        await _cluster.ProduceAsync(topic, Partitions, values);
        using var single = new JobHarness();
        using var pair = new JobHarness();

        var one = await single.Runtime("stream-metrics", Options(topic, single.Root, "single", "solo")).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        var runs = await Task.WhenAll(
            pair.Runtime("stream-metrics", Options(topic, pair.Root, "pair", "a")).RunAsync(CancellationToken.None),
            pair.Runtime("stream-metrics", Options(topic, pair.Root, "pair", "b")).RunAsync(CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(values.Count, one.Records);
        Assert.Equal(values.Count, runs.Sum(r => r.Records));
        var expected = Assert.Single((await MetricsReportReader.ReadAsync(Path.Combine(single.Root, "output"), CancellationToken.None)).Topics).Total;
        var merged = Assert.Single((await MetricsReportReader.ReadAsync(Path.Combine(pair.Root, "output"), CancellationToken.None)).Topics).Total;
        Assert.Equal(values.Count - 1, expected.Records);
        Assert.Equal(700, expected.UniqueUsers);
        Assert.Equal(1, expected.DeadLetters);
        Assert.Equal(expected.Records, merged.Records);
        Assert.Equal(expected.UniqueUsers, merged.UniqueUsers);
        Assert.Equal(expected.Male, merged.Male);
        Assert.Equal(expected.Female, merged.Female);
        Assert.Equal(expected.OtherGender, merged.OtherGender);
        Assert.Equal(expected.DeadLetters, merged.DeadLetters);
        Assert.Equal(expected.Countries, merged.Countries);
        Assert.Equal(expected.Genders, merged.Genders);
    }

    private JobOptions Options(string topic, string root, string group, string instance) => new()
    {
        Topic = topic,
        BootstrapServers = _cluster.BootstrapServers,
        Window = TimeSpan.FromSeconds(1),
        Format = OutputFormat.Json,
        OutputDirectory = Path.Combine(root, "output"),
        GroupId = group + "-" + topic,
        InstanceId = instance,
        UntilIdle = TimeSpan.FromSeconds(3),
    };
}
