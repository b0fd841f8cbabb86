using Kpipe.Pipeline.Jobs;

namespace Kpipe.EndToEnd.Tests;

/// <summary>How `kpipe job run` names its instance: a restart takes back its name and checkpoint, and one name runs once.</summary>
[Trait("Category", "Slow")]
[Trait("Category", "External")]
public sealed class JobInstanceTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kpipe-e2e-instance-").FullName;

    private string Output => Path.Combine(_root, "output");

    [Fact]
    public async Task A_job_restarted_without_an_instance_takes_back_its_name_and_resumes_its_checkpoint()
    {
        var topic = await TopicWithRecordsAsync(0, 10);
        var first = await RunJobAsync(topic, "--until-idle", "2s");
        await ProduceAsync(topic, 10, 10);
        var second = await RunJobAsync(topic, "--until-idle", "2s");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var instance = JobOptions.HostName() + "-1";
        Assert.Contains($"_checkpoints/{instance}, resuming at batch 0", first.Stderr);
        Assert.Contains($"_checkpoints/{instance}, resuming at batch 1", second.Stderr);
        var tables = Path.Combine(Output, "stream-raw", topic);
        Assert.Equal([$"part-{instance}-000000.json", $"part-{instance}-000001.json"], JobOutput.PartFiles(tables, "raw").Select(Path.GetFileName));
        var ids = (await JobOutput.RowsAsync(tables, "raw")).Select(r => JobOutput.Long(r, "id")).Order();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task Jobs_side_by_side_get_names_of_their_own_and_a_running_instance_name_is_refused()
    {
        var topic = await TopicWithRecordsAsync(0, 10);
        var host = JobOptions.HostName();
        ProcessResult? second = null;
        ProcessResult? duplicate = null;

        var first = await ProcessRunner.RunAsync("dotnet", JobArguments(topic, "--until-idle", "4s"), TimeSpan.FromSeconds(60), whileRunning: async _ =>
        {
            await Poll.UntilAsync(() => File.Exists(Path.Combine(Output, "stream-raw", topic, "_checkpoints", host + "-1.lock")), TimeSpan.FromSeconds(30), "the first instance's lock file");
            second = await KpipeCli.RunAsync(JobArguments(topic, "--max-batches", "1", "--until-idle", "1s").Skip(1), null);
            duplicate = await KpipeCli.RunAsync(JobArguments(topic, "--instance", host + "-1", "--until-idle", "1s").Skip(1), null);
        });

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"_checkpoints/{host}-1, resuming", first.Stderr);
        Assert.NotNull(second);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"_checkpoints/{host}-2, resuming", second.Stderr);
        Assert.NotNull(duplicate);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains($"instance '{host}-1' of stream-raw on {topic} is already running", duplicate.Stderr);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<string> TopicWithRecordsAsync(int from, int count)
    {
        var topic = KafkaTestCluster.UniqueName("instance");
        Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "1", "--replication", "1", "--bootstrap", broker.BootstrapServers)).ExitCode);
        await ProduceAsync(topic, from, count);
        return topic;
    }

    private async Task ProduceAsync(string topic, int from, int count)
    {
        var file = Path.Combine(_root, $"records-{from}.json");
        await File.WriteAllLinesAsync(file, Enumerable.Range(from, count).Select(i => $"{{\"id\":{i}}}"));
        var produce = await KpipeCli.RunAsync("produce", topic, file, "--bootstrap", broker.BootstrapServers);
        Assert.True(produce.ExitCode == 0, produce.ToString());
    }

    private Task<ProcessResult> RunJobAsync(string topic, params string[] extra) =>
        KpipeCli.RunAsync(JobArguments(topic, extra).Skip(1), null);

    private IEnumerable<string> JobArguments(string topic, params string[] extra) =>
        new[] { KpipeCli.Assembly, "job", "run", "stream-raw", "--topic", topic, "--bootstrap", broker.BootstrapServers, "--window", "1s", "--format", "json", "--output", Output }
            .Concat(extra);
}
