using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Kpipe.Broker.Security;

namespace Kpipe.Broker.Tests.Security;

/// <summary>
/// DescribeUserScramCredentials and AlterUserScramCredentials from Confluent.Kafka's admin client, checked by logging in
/// with kcat (librdkafka) and Confluent.Kafka with the credentials they create and delete.
/// </summary>
[Trait("Category", "Clients")]
public sealed class ScramCredentialsClientTests : IAsyncLifetime
{
    private const string Admin = "alice";
    private const string AdminPassword = "alice-secret";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new("kpipe-scram-admin-");
    private TestBroker _broker = null!;

    public async Task InitializeAsync()
    {
        var credentials = _directory.File("credentials.json");
        CredentialStore.Empty.WithUser(Admin, AdminPassword).Save(credentials);
        _broker = await TestBroker.StartAsync(o => TestBroker.ForClients(o) with { Sasl = new SaslOptions { CredentialsFile = credentials } });
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_user_upserted_by_the_admin_client_logs_in_at_once_and_a_deleted_one_no_longer_can()
    {
        using var admin = new AdminClientBuilder(Settings(Admin, AdminPassword, "SCRAM-SHA-256")).Build();

        var described = await admin.DescribeUserScramCredentialsAsync([Admin]);
        Assert.Equal(
            [(Confluent.Kafka.Admin.ScramMechanism.ScramSha256, 4096), (Confluent.Kafka.Admin.ScramMechanism.ScramSha512, 4096)],
            described.UserScramCredentialsDescriptions.Single().ScramCredentialInfos.Select(i => (i.Mechanism, i.Iterations)));

        await admin.AlterUserScramCredentialsAsync([new UserScramCredentialUpsertion
        {
            User = "bob",
            ScramCredentialInfo = new ScramCredentialInfo { Mechanism = Confluent.Kafka.Admin.ScramMechanism.ScramSha512, Iterations = 8192 },
            Password = Encoding.UTF8.GetBytes("bob-secret"),
        }]);

        Assert.True((await KcatListAsync("bob", "bob-secret", "SCRAM-SHA-512")).ExitCode == 0);
        Assert.NotEqual(0, (await KcatListAsync("bob", "bob-secret", "SCRAM-SHA-256")).ExitCode);
        using (var bob = new AdminClientBuilder(Settings("bob", "bob-secret", "SCRAM-SHA-512")).Build())
        {
            Assert.Equal(8192, (await bob.DescribeUserScramCredentialsAsync(["bob"])).UserScramCredentialsDescriptions.Single().ScramCredentialInfos.Single().Iterations);
        }

        await admin.AlterUserScramCredentialsAsync([new UserScramCredentialDeletion { User = "bob", Mechanism = Confluent.Kafka.Admin.ScramMechanism.ScramSha512 }]);

        Assert.NotEqual(0, (await KcatListAsync("bob", "bob-secret", "SCRAM-SHA-512")).ExitCode);
    }

    [Fact]
    public async Task Describing_an_unknown_user_and_deleting_a_missing_credential_get_resource_not_found()
    {
        using var admin = new AdminClientBuilder(Settings(Admin, AdminPassword, "SCRAM-SHA-512")).Build();

        var describe = await Assert.ThrowsAsync<DescribeUserScramCredentialsException>(() => admin.DescribeUserScramCredentialsAsync(["nobody"]));
        Assert.Equal(ErrorCode.ResourceNotFound, describe.Results.UserScramCredentialsDescriptions.Single().Error.Code);

        var delete = await Assert.ThrowsAsync<AlterUserScramCredentialsException>(() =>
            admin.AlterUserScramCredentialsAsync([new UserScramCredentialDeletion { User = "nobody", Mechanism = Confluent.Kafka.Admin.ScramMechanism.ScramSha256 }]));
        Assert.Equal(ErrorCode.ResourceNotFound, delete.Results.Single().Error.Code);
    }

    private AdminClientConfig Settings(string user, string password, string mechanism) => new()
    {
        BootstrapServers = _broker.BootstrapServers,
        SecurityProtocol = SecurityProtocol.SaslPlaintext,
        SaslMechanism = mechanism == "SCRAM-SHA-256" ? SaslMechanism.ScramSha256 : SaslMechanism.ScramSha512,
        SaslUsername = user,
        SaslPassword = password,
    };

    private Task<ProcessResult> KcatListAsync(string user, string password, string mechanism) =>
        ProcessRunner.RunAsync("kcat", ["-b", _broker.BootstrapServers, "-X", "security.protocol=SASL_PLAINTEXT", "-X", $"sasl.mechanism={mechanism}",
            "-X", $"sasl.username={user}", "-X", $"sasl.password={password}", "-m", "4", "-L"], Timeout);
}
