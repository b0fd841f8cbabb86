namespace Kpipe.EndToEnd.Tests;

/// <summary>
/// <c>--kafka-config</c> and <c>KPIPE_KAFKA_CONFIG</c> reach the Confluent.Kafka client of every command that talks to
/// Kafka: librdkafka itself rejects the unknown property, before any connection is tried.
/// </summary>
[Trait("Category", "Slow")]
public sealed class KafkaConfigTests : IDisposable
{
    private const string Unreachable = "127.0.0.1:1";
    private readonly string _directory = Directory.CreateTempSubdirectory("kpipe-e2e-config-").FullName;

    public static TheoryData<string[]> Commands => new()
    {
        new[] { "topic", "list" },
        new[] { "topic", "create", "t1" },
        new[] { "group", "list" },
        new[] { "produce", "t1", "data_to_load/mock_data.json" },
        new[] { "consume", "t1", "--max-messages", "1" },
        new[] { "job", "run", "stream-metrics", "--topic", "t1", "--max-batches", "1" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Kafka_config_option_reaches_the_client_of(string[] command)
    {
        var result = await KpipeCli.RunAsync([.. Arguments(command), "--kafka-config", "kpipe.no.such.property=1"], null);

        AssertRejected(result, command);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Kafka_config_variable_reaches_the_client_of(string[] command)
    {
        var result = await KpipeCli.RunAsync(Arguments(command),
            new Dictionary<string, string> { ["KPIPE_KAFKA_CONFIG"] = "client.id=x, kpipe.no.such.property=1" });

        AssertRejected(result, command);
    }

    [Fact]
    public async Task A_setting_without_equals_sign_fails_with_one_clear_line()
    {
        var result = await KpipeCli.RunAsync("topic", "list", "--bootstrap", Unreachable, "--kafka-config", "security.protocol");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("kpipe: --kafka-config takes key=value pairs (e.g. security.protocol=SASL_SSL), not 'security.protocol'", result.Stderr.Trim());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] Arguments(string[] command) =>
        command[0] == "job" ? [.. command, "--bootstrap", Unreachable, "--output", _directory] : [.. command, "--bootstrap", Unreachable];

    private static void AssertRejected(ProcessResult result, string[] command)
    {
        Assert.True(result.ExitCode == 1, $"{string.Join(' ', command)}: {result}");
        Assert.Contains("invalid Kafka client setting", result.Stderr);
        Assert.Contains("kpipe.no.such.property", result.Stderr);
    }
}
