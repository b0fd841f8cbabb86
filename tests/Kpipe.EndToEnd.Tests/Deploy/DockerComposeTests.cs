using YamlDotNet.RepresentationModel;

namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/docker-compose.yml read as data: no Docker engine runs on the machines that build kpipe, so these tests pin the
/// parts of the stack that the original targets and the kpipe commands depend on.
/// </summary>
[Trait("Category", "Unit")]
[Trait("Category", "Deploy")]
public sealed class DockerComposeTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void ZooKeeper_profile_runs_zookeeper_kafka_and_kpipe()
    {
        Assert.Equal(new HashSet<string> { "zookeeper", "kafka", "kpipe" }, _compose.EnabledServices("zookeeper"));
    }

    [Fact]
    public void Kraft_profile_runs_no_zookeeper_service()
    {
        Assert.Equal(new HashSet<string> { "kafka-kraft", "kpipe" }, _compose.EnabledServices("kraft"));
    }

    [Fact]
    public void ZooKeeper_mode_uses_Confluent_Platform_7_images()
    {
        Assert.Matches(@"^confluentinc/cp-zookeeper:7\.\d+\.\d+$", _compose.Scalar("zookeeper", "image"));
        Assert.Matches(@"^confluentinc/cp-kafka:7\.\d+\.\d+$", _compose.Scalar("kafka", "image"));
        Assert.Equal("zookeeper:2181", _compose.Environment("kafka")["KAFKA_ZOOKEEPER_CONNECT"]);
        Assert.Equal("2181", _compose.Environment("zookeeper")["ZOOKEEPER_CLIENT_PORT"]);
    }

    [Fact]
    public void Kraft_mode_uses_apache_kafka_4_as_combined_broker_and_controller()
    {
        Assert.Matches(@"^apache/kafka:4\.\d+\.\d+$", _compose.Scalar("kafka-kraft", "image"));
        var environment = _compose.Environment("kafka-kraft");
        Assert.DoesNotContain("KAFKA_ZOOKEEPER_CONNECT", environment.Keys);
        Assert.Equal(["broker", "controller"], environment["KAFKA_PROCESS_ROLES"].Split(',').Order());

        var controller = environment["KAFKA_CONTROLLER_LISTENER_NAMES"];
        var voter = environment["KAFKA_CONTROLLER_QUORUM_VOTERS"];
        Assert.Equal($"{environment["KAFKA_NODE_ID"]}@{KafkaListeners.Parse(environment["KAFKA_LISTENERS"])[controller]}", voter);
    }

    [Theory]
    [InlineData("kafka")]
    [InlineData("kafka-kraft")]
    public void Broker_advertises_kafka_9093_to_containers_and_localhost_9092_to_the_host(string broker)
    {
        var environment = _compose.Environment(broker);
        var advertised = KafkaListeners.Parse(environment["KAFKA_ADVERTISED_LISTENERS"]);
        var bound = KafkaListeners.Parse(environment["KAFKA_LISTENERS"]);
        var protocols = KafkaListeners.Parse(environment["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].Replace(":", "://", StringComparison.Ordinal));

        Assert.Equal("kafka:9093", advertised["INTERNAL"]);
        Assert.Equal("localhost:9092", advertised["EXTERNAL"]);
        Assert.Equal(9093, KafkaListeners.Port(bound["INTERNAL"]));
        Assert.Equal(9092, KafkaListeners.Port(bound["EXTERNAL"]));
        Assert.Equal("PLAINTEXT", protocols["INTERNAL"]);
        Assert.Equal("PLAINTEXT", protocols["EXTERNAL"]);
        Assert.Equal("INTERNAL", environment["KAFKA_INTER_BROKER_LISTENER_NAME"]);
        Assert.Equal(["9092:9092"], _compose.Strings(broker, "ports"));
    }

    [Theory]
    [InlineData("kafka")]
    [InlineData("kafka-kraft")]
    public void Broker_answers_to_the_name_kafka_on_the_compose_network(string broker)
    {
        var aliases = _compose.Mapping(broker, "networks") is { } networks
            && networks.Children.TryGetValue(new YamlScalarNode("default"), out var network)
            && network is YamlMappingNode settings
            && settings.Children.TryGetValue(new YamlScalarNode("aliases"), out var list)
                ? ((YamlSequenceNode)list).Children.Select(a => ((YamlScalarNode)a).Value).ToList()
                : [];

        Assert.True(broker == "kafka" || aliases.Contains("kafka"), $"{broker} is not reachable as 'kafka'");
        Assert.Equal("kafka", _compose.Scalar(broker, "hostname"));
    }

    [Theory]
    [InlineData("kafka")]
    [InlineData("kafka-kraft")]
    public void Broker_keeps_internal_topics_at_replication_factor_1(string broker)
    {
        var environment = _compose.Environment(broker);
        Assert.Equal("1", environment["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]);
        Assert.Equal("1", environment["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"]);
        Assert.Equal("1", environment["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"]);
    }

    [Fact]
    public void Each_profile_publishes_host_port_9092_once()
    {
        foreach (var profile in new[] { "zookeeper", "kraft" })
        {
            var hostPorts = _compose.EnabledServices(profile)
                .SelectMany(service => _compose.Strings(service, "ports"))
                .Select(mapping => mapping.Split(':')[0])
                .ToList();
            Assert.Equal(["9092"], hostPorts);
        }
    }

    [Theory]
    [InlineData("zookeeper", "2181")]
    [InlineData("kafka", "localhost:9092")]
    [InlineData("kafka-kraft", "localhost:9092")]
    public void Server_has_a_health_check_that_probes_its_client_port(string service, string probed)
    {
        var check = HealthCheckTest(service);
        Assert.Contains(check[0], new[] { "CMD", "CMD-SHELL" });
        Assert.Contains(probed, string.Join(' ', check.Skip(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_starts_after_zookeeper_is_healthy()
    {
        Assert.Equal("service_healthy", DependsOn("kafka", "zookeeper")["condition"]);
    }

    [Theory]
    [InlineData("kafka")]
    [InlineData("kafka-kraft")]
    public void Kpipe_waits_for_a_healthy_broker_of_whichever_profile_is_active(string broker)
    {
        var dependency = DependsOn("kpipe", broker);
        Assert.Equal("service_healthy", dependency["condition"]);
        // The other profile's broker is disabled; Compose accepts a dependency on a disabled service only when it is not required.
        Assert.Equal("false", dependency["required"]);
    }

    [Fact]
    public void Kpipe_is_built_from_the_deploy_Dockerfile_with_the_repository_as_context()
    {
        var context = _compose.Scalar("kpipe", "build", "context");
        var dockerfile = _compose.Scalar("kpipe", "build", "dockerfile");
        var contextDir = Path.GetFullPath(Path.Combine(RepositoryFiles.PathOf("deploy"), context));

        Assert.Equal(RepositoryFiles.Root.TrimEnd('/'), contextDir.TrimEnd('/'));
        Assert.True(File.Exists(Path.Combine(contextDir, dockerfile)), $"{dockerfile} does not exist in the build context");
        Assert.True(File.Exists(Path.Combine(contextDir, ".dockerignore")), "the build context has no .dockerignore");
    }

    [Fact]
    public void Kpipe_mounts_data_to_load_and_output_under_its_working_directory()
    {
        var workingDir = _compose.Scalar("kpipe", "working_dir");
        var mounts = _compose.Strings("kpipe", "volumes")
            .Select(volume => volume.Split(':'))
            .ToDictionary(parts => Path.GetFullPath(Path.Combine(RepositoryFiles.PathOf("deploy"), parts[0])), parts => parts[1]);

        // Same relative paths inside the container as on the host, so DATA_TO_PRODUCE and --output mean the same in both runtimes.
        Assert.Equal($"{workingDir}/data_to_load", mounts[RepositoryFiles.PathOf("data_to_load")]);
        Assert.Equal($"{workingDir}/output", mounts[RepositoryFiles.PathOf("output")]);
    }

    [Fact]
    public void Kpipe_container_stays_up_for_exec()
    {
        Assert.Equal(["sleep", "infinity"], _compose.Strings("kpipe", "entrypoint"));
    }

    [Fact]
    public void Kpipe_container_keeps_its_host_name_so_jobs_resume_their_checkpoints()
    {
        Assert.Equal("kpipe", _compose.Scalar("kpipe", "hostname"));
    }

    private IReadOnlyList<string> HealthCheckTest(string service) =>
        ((YamlSequenceNode)(_compose.Mapping(service, "healthcheck") ?? throw new Xunit.Sdk.XunitException($"{service} has no healthcheck"))
            .Children[new YamlScalarNode("test")])
            .Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    private IReadOnlyDictionary<string, string> DependsOn(string service, string dependency)
    {
        var dependsOn = _compose.Mapping(service, "depends_on") ?? throw new Xunit.Sdk.XunitException($"{service} has no depends_on map");
        return dependsOn.Children.TryGetValue(new YamlScalarNode(dependency), out var node)
            ? ((YamlMappingNode)node).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!)
            : throw new Xunit.Sdk.XunitException($"{service} does not depend on {dependency}");
    }
}
