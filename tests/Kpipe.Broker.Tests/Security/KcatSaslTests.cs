namespace Kpipe.Broker.Tests.Security;

/// <summary>kcat (librdkafka, from apt) against SASL_PLAINTEXT and SASL_SSL brokers.</summary>
[Trait("Category", "Clients")]
public sealed class KcatSaslTests(SecureBrokerFixture brokers) : IClassFixture<SecureBrokerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<bool, string, string> Cases => SaslClientCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Kcat_is_served_only_with_the_right_credentials(bool tls, string mechanism, string credentials)
    {
        var settings = brokers.ClientSettings(tls, mechanism, SaslClientCases.User(credentials), SaslClientCases.Password(credentials));
        var config = settings.Where(s => s.Key != "bootstrap.servers").SelectMany(s => new[] { "-X", $"{s.Key}={s.Value}" }).ToList();
        var topic = SaslClientCases.Topic("kcat", tls, mechanism);

        var produce = await ProcessRunner.RunAsync("kcat", ["-b", settings["bootstrap.servers"], .. config, "-m", "5", "-P", "-t", topic, "-K", ":"], Timeout,
            stdin: "k:hello\n"u8.ToArray());
        if (credentials != SaslClientCases.Right)
        {
            Assert.True(produce.ExitCode != 0, produce.ToString());
            return;
        }

        Assert.True(produce.ExitCode == 0, produce.ToString());
        var consume = await ProcessRunner.RunAsync("kcat", ["-b", settings["bootstrap.servers"], .. config, "-C", "-t", topic, "-e", "-f", "%k=%s\\n"], Timeout);
        Assert.True(consume.ExitCode == 0, consume.ToString());
        Assert.Equal(["k=hello"], consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
