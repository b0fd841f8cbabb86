namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/runtime-docker.mk through <c>make -n</c>: each original target exists and prints the compose or kpipe command
/// the original variables ask for. Nothing is executed (no Docker engine here), except the refusal of a missing TOPIC.
/// </summary>
[Trait("Category", "Slow")]
[Trait("Category", "Deploy")]
public sealed class RuntimeDockerMakefileTests
{
    private const string Compose = "docker compose -f deploy/docker-compose.yml";
    private const string InKpipe = Compose + " exec -T kpipe kpipe";

    [Theory]
    [InlineData("start_cluster")]
    [InlineData("stop_cluster")]
    [InlineData("create_topic")]
    [InlineData("_create_topic_docker")]
    [InlineData("create_producer")]
    [InlineData("_create_producer_docker")]
    [InlineData("job")]
    [InlineData("_pyspark_docker")]
    public async Task Defines_the_original_target(string target)
    {
        var result = await DryRunAsync($"{target} TOPIC=users");

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task Start_cluster_brings_up_the_zookeeper_profile_and_waits_until_healthy()
    {
        var result = await DryRunAsync("start_cluster");

        Assert.Contains($"{Compose} --profile zookeeper up -d --build --wait", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_cluster_with_KRAFT_1_brings_up_the_kraft_profile()
    {
        var result = await DryRunAsync("start_cluster KRAFT=1");

        Assert.Contains($"{Compose} --profile kraft up -d --build --wait", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_cluster_takes_down_the_services_of_every_profile()
    {
        var result = await DryRunAsync("stop_cluster");

        Assert.Contains($"{Compose} --profile '*' down", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_topic_runs_kpipe_in_the_container_with_the_original_variables()
    {
        var result = await DryRunAsync("create_topic TOPIC=users PARITITIONS=3 REPLICATION=1");

        Assert.Contains($"{InKpipe} topic create users --partitions 3 --replication 1 --bootstrap kafka:9093", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mock_data.json")]
    [InlineData("data_to_load/mock_data.json")]
    public async Task Create_producer_reads_DATA_TO_PRODUCE_from_data_to_load(string dataToProduce)
    {
        var result = await DryRunAsync($"create_producer TOPIC=users DATA_TO_PRODUCE={dataToProduce} BROKER=kafka:9093");

        Assert.Contains($"{InKpipe} produce users data_to_load/mock_data.json --bootstrap kafka:9093", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_passes_the_job_window_and_output_format_to_kpipe_job_run()
    {
        var result = await DryRunAsync("job TOPIC=users JOB=jobs.stream_spark_df WINDOW_STREAMING_SECS=30 OUTPUT_FORMAT=csv");

        Assert.Contains($"{InKpipe} job run jobs.stream_spark_df --topic users --bootstrap kafka:9093 --window 30s --format csv --output output/",
            result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_create_topic_docker", "kpipe topic create users --partitions 1 --replication 1 --bootstrap kafka:9093")]
    [InlineData("_create_producer_docker", "kpipe produce users data_to_load/mock_data.json --bootstrap kafka:9093")]
    [InlineData("_pyspark_docker", "kpipe job run jobs.consumer --topic users --bootstrap kafka:9093 --window 10s --format parquet --output output/")]
    public async Task Inner_docker_target_runs_the_same_kpipe_command_directly(string target, string command)
    {
        var result = await DryRunAsync($"{target} TOPIC=users");

        Assert.Contains(command, result.Output.Split('\n').Select(line => line.Trim()));
    }

    [Fact]
    public async Task Topic_commands_without_TOPIC_stop_with_a_hint_before_touching_docker()
    {
        var result = await ShellCommand.RunAsync("make -s -f deploy/runtime-docker.mk create_topic < /dev/null", RepositoryFiles.Root, TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("set TOPIC=<topic name>", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("docker compose", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "kafka:9093")]
    [InlineData("BROKER=broker.example:9094", "broker.example:9094")]
    public async Task Broker_is_kafka_9093_unless_the_user_sets_one(string brokerArgument, string expected)
    {
        // The root Makefile's BROKER default is for the embedded broker; the compose network has no broker on localhost.
        var root = Directory.CreateTempSubdirectory("kpipe-make-").FullName;
        try
        {
            var rootMakefile = Path.Combine(root, "Makefile");
            await File.WriteAllTextAsync(rootMakefile, $"BROKER ?= localhost:9092\ninclude {RepositoryFiles.PathOf("deploy/runtime-docker.mk")}\n");

            var result = await ShellCommand.RunAsync($"make -s -n -f {rootMakefile} create_topic TOPIC=users {brokerArgument} < /dev/null", RepositoryFiles.Root, TimeSpan.FromSeconds(30));

            Assert.Contains($"--bootstrap {expected}", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Task<ProcessResult> DryRunAsync(string arguments) =>
        ShellCommand.RunAsync($"make -s -n -f deploy/runtime-docker.mk {arguments} < /dev/null", RepositoryFiles.Root, TimeSpan.FromSeconds(30));
}
