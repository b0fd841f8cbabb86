namespace Kpipe.EndToEnd.Tests;

/// <summary>
/// kpipe against brokers that require SASL and TLS, configured with <c>--kafka-config</c> as for a managed cluster, and
/// the commands that set such a broker up: <c>kpipe user</c> and <c>kpipe cluster start</c> with the security options.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SecureCliTests(SecureBrokerFixture brokers) : IClassFixture<SecureBrokerFixture>, IDisposable
{
    private readonly TempDirectory _root = new("kpipe-e2e-secure-");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Topic_create_produce_and_a_job_run_work_against_a_SASL_SSL_broker_through_kafka_config()
    {
        var settings = brokers.ClientSettings(tls: true, "SCRAM-SHA-512", SecureBrokerFixture.User, SecureBrokerFixture.Password);
        var bootstrap = settings["bootstrap.servers"];
        string[] config = [.. settings.Where(s => s.Key != "bootstrap.servers").SelectMany(s => new[] { "--kafka-config", $"{s.Key}={s.Value}" })];
        var topic = KafkaTestCluster.UniqueName("secure");
        var records = _root.File("records.jsonl");
        await File.WriteAllLinesAsync(records, Enumerable.Range(1, 5).Select(i => $"{{\"id\":{i}}}"));

        var create = await KpipeCli.RunAsync(["topic", "create", topic, "--bootstrap", bootstrap, .. config], null);
        Assert.True(create.ExitCode == 0, create.ToString());
        var produce = await KpipeCli.RunAsync(["produce", topic, records, "--bootstrap", bootstrap, .. config], null);
        Assert.True(produce.ExitCode == 0, produce.ToString());
        var output = Path.Combine(_root.Path, "output");
        var job = await KpipeCli.RunAsync(["job", "run", "stream-raw", "--topic", topic, "--bootstrap", bootstrap, "--window", "1s", "--format", "json",
            "--output", output, "--until-idle", "2s", .. config], null, TimeSpan.FromSeconds(90));
        Assert.True(job.ExitCode == 0, job.ToString());

        var ids = (await JobOutput.RowsAsync(Path.Combine(output, "stream-raw", topic), "raw")).Select(r => JobOutput.Long(r, "id")).Order();
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task Without_credentials_kpipe_is_refused_by_a_SASL_broker()
    {
        var list = await KpipeCli.RunAsync(["topic", "list", "--bootstrap", brokers.SaslPlaintext.BootstrapServers], null, TimeSpan.FromSeconds(60));

        Assert.Equal(1, list.ExitCode);
    }

    [Fact]
    public async Task User_add_list_and_remove_keep_salted_hashes_only()
    {
        var file = _root.File("users.json");

        var add = await KpipeCli.RunAsync(["user", "add", "bob", "--credentials", file, "--password-stdin"], null, stdin: "builder-pass\n"u8.ToArray());
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.DoesNotContain("builder-pass", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        var list = await KpipeCli.RunAsync("user", "list", "--credentials", file);
        Assert.Equal("bob\tSCRAM-SHA-256,SCRAM-SHA-512", list.Stdout.Trim());

        Assert.Equal(0, (await KpipeCli.RunAsync("user", "remove", "bob", "--credentials", file)).ExitCode);
        var again = await KpipeCli.RunAsync("user", "remove", "bob", "--credentials", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no user 'bob'", again.Stderr);
        var noPassword = await KpipeCli.RunAsync(["user", "add", "carol", "--credentials", file], null, stdin: []);
        Assert.Equal(1, noPassword.ExitCode);
        Assert.Contains("--password-stdin", noPassword.Stderr);
    }

    [Fact]
    public async Task Cluster_start_with_SASL_and_TLS_runs_a_broker_that_serves_only_authenticated_clients()
    {
        var users = _root.File("users.json");
        Assert.Equal(0, (await KpipeCli.RunAsync(["user", "add", "svc", "--credentials", users, "--password-stdin"], null, stdin: "svc-pass\n"u8.ToArray())).ExitCode);
        var (certificate, key) = TestCertificate.WritePem(_root.Path);
        var data = Path.Combine(_root.Path, "cluster", "data");
        var port = FreePort.Reserve();
        var start = await KpipeCli.RunAsync("cluster", "start", "--data-dir", data, "--listen", $"127.0.0.1:{port}",
            "--sasl-credentials", users, "--sasl-mechanisms", "SCRAM-SHA-256", "--tls-cert", certificate, "--tls-key", key);
        try
        {
            Assert.True(start.ExitCode == 0, start.ToString());
            string[] secure = ["--bootstrap", $"127.0.0.1:{port}", "--kafka-config", "security.protocol=SASL_SSL", "--kafka-config", "sasl.mechanism=SCRAM-SHA-256",
                "--kafka-config", "sasl.username=svc", "--kafka-config", "sasl.password=svc-pass", "--kafka-config", $"ssl.ca.location={certificate}"];
            var create = await KpipeCli.RunAsync(["topic", "create", "secured", .. secure], null);
            Assert.True(create.ExitCode == 0, create.ToString());
            var list = await KpipeCli.RunAsync(["topic", "list", .. secure], null);
            Assert.Contains("secured", list.Stdout);
        }
        finally
        {
            Assert.Equal(0, (await KpipeCli.RunAsync("cluster", "stop", "--data-dir", data)).ExitCode);
        }

        var log = await File.ReadAllTextAsync(Path.Combine(_root.Path, "cluster", "broker.log"));
        Assert.Contains("loopback only", log);
        Assert.Contains("SASL_SSL", log);
    }
}
