namespace Kpipe.EndToEnd.Tests;

[Trait("Category", "Slow")]
[Trait("Category", "External")]
public sealed class JobMakeTargetTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly string _output = Directory.CreateTempSubdirectory("kpipe-e2e-job-").FullName;

    [Fact]
    public async Task Make_job_runs_jobs_stream_spark_with_the_original_variables_writing_parquet_over_every_record()
    {
        var topic = await ProducedTopicAsync("make-job");

        var make = await MakeAsync("job", $"TOPIC={topic}", "BROKER=kafka:9093", "JOB=jobs.stream_spark", "WINDOW_STREAMING_SECS=2", "UNTIL_IDLE=3s");

        Assert.True(make.ExitCode == 0, make.ToString());
        Assert.Contains($"'kafka:9093' does not resolve here; using the local broker {broker.BootstrapServers}", make.Stderr);
        var tables = Path.Combine(_output, "stream-metrics", topic);
        Assert.All(JobOutput.PartFiles(tables, "window_summary"), f => Assert.EndsWith(".parquet", f));
        var summaries = await JobOutput.RowsAsync(tables, "window_summary");
        Assert.NotEmpty(summaries);
        Assert.Equal(1000, summaries.Sum(s => JobOutput.Long(s, "records")));
        Assert.Equal(1000, (await JobOutput.RowsAsync(tables, "records")).Count);
    }

    [Fact]
    public async Task Pyspark_docker_target_runs_jobs_stream_spark_df_with_OUTPUT_FORMAT()
    {
        var topic = await ProducedTopicAsync("make-raw");

        var make = await MakeAsync("_pyspark_docker", $"TOPIC={topic}", "BROKER=kafka:9093", "JOB=jobs.stream_spark_df", "WINDOW_STREAMING_SECS=2", "OUTPUT_FORMAT=json", "UNTIL_IDLE=3s");

        Assert.True(make.ExitCode == 0, make.ToString());
        var files = Directory.EnumerateFiles(Path.Combine(_output, "stream-raw", topic), "part-*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains("dead_letters", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        var ids = files.SelectMany(File.ReadLines).Where(l => l.Length > 0)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64())
            .ToList();
        Assert.Equal(1000, ids.Count);
        Assert.Equal(1000, ids.Distinct().Count());
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);

    private async Task<string> ProducedTopicAsync(string prefix)
    {
        var topic = KafkaTestCluster.UniqueName(prefix);
        Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "2", "--replication", "1", "--bootstrap", broker.BootstrapServers)).ExitCode);
        var produce = await KpipeCli.RunAsync("produce", topic, Path.Combine(RepositoryRoot.Path, "data_to_load", "mock_data.json"), "--bootstrap", broker.BootstrapServers);
        Assert.True(produce.ExitCode == 0, produce.ToString());
        return topic;
    }

    private Task<ProcessResult> MakeAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("make", new[] { "--no-print-directory", $"KPIPE={KpipeCli.MakeCommand}", $"OUTPUT_DIR={_output}/" }.Concat(arguments), Timeout,
            new Dictionary<string, string> { ["KPIPE_LOCAL_BROKER"] = broker.BootstrapServers });
}
