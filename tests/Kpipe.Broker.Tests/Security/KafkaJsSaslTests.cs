using System.Text.Json;

namespace Kpipe.Broker.Tests.Security;

/// <summary>KafkaJS 2.x (installed from npm into a temp folder once per class) against SASL_PLAINTEXT and SASL_SSL brokers.</summary>
[Trait("Category", "Clients")]
public sealed class KafkaJsSaslTests(SecureBrokerFixture brokers, KafkaJsSaslTests.Install kafkaJs) : IClassFixture<SecureBrokerFixture>, IClassFixture<KafkaJsSaslTests.Install>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static TheoryData<bool, string, string> Cases => SaslClientCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task KafkaJS_is_served_only_with_the_right_credentials(bool tls, string mechanism, string credentials)
    {
        var environment = new Dictionary<string, string>
        {
            ["BROKER"] = brokers.Broker(tls).BootstrapServers,
            ["TLS"] = tls ? "1" : "0",
            ["MECHANISM"] = mechanism,
            ["USER"] = SaslClientCases.User(credentials) ?? "",
            ["PASSWORD"] = SaslClientCases.Password(credentials) ?? "",
            ["CA_FILE"] = brokers.CaFile,
            ["TOPIC"] = SaslClientCases.Topic("kafkajs", tls, mechanism),
        };

        var run = await ProcessRunner.RunAsync("node", [kafkaJs.Script], Timeout, environment, kafkaJs.Directory.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]);
        Assert.True(credentials == SaslClientCases.Right == result.RootElement.GetProperty("ok").GetBoolean(), run.ToString());
        if (credentials == SaslClientCases.Right)
        {
            Assert.Equal([mechanism], result.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        }
    }

    /// <summary>KafkaJS installed once for the class, with the test script beside it.</summary>
    public sealed class Install : IAsyncLifetime
    {
        public TempDirectory Directory { get; } = new("kpipe-kafkajs-sasl-");

        public string Script => Directory.File("sasl-round-trip.mjs");

        public async Task InitializeAsync()
        {
            var install = await ProcessRunner.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "kafkajs@2.2.4"], Timeout, workingDirectory: Directory.Path);
            Assert.True(install.ExitCode == 0, $"npm install kafkajs failed (is npm on PATH and the registry reachable?):\n{install}");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Security", "Clients", "sasl-round-trip.mjs"), Script);
        }

        public Task DisposeAsync()
        {
            Directory.Dispose();
            return Task.CompletedTask;
        }
    }
}
