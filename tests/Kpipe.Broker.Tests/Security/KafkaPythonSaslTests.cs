using System.Text.Json;

namespace Kpipe.Broker.Tests.Security;

/// <summary>kafka-python 2.0 (Debian's python3-kafka: a v0 SaslHandshake, then raw SASL tokens) against SASL_PLAINTEXT and SASL_SSL brokers.</summary>
[Trait("Category", "Clients")]
public sealed class KafkaPythonSaslTests(SecureBrokerFixture brokers) : IClassFixture<SecureBrokerFixture>
{
    // Debian's interpreter, which has python3-kafka; a python3 earlier on PATH (pyenv) may not.
    private const string Python = "/usr/bin/python3";

    public static TheoryData<bool, string, string> Cases => SaslClientCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Kafka_python_is_served_only_with_the_right_credentials(bool tls, string mechanism, string credentials)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Security", "Clients", "sasl_round_trip.py");
        var protocol = (credentials == SaslClientCases.None ? "" : "SASL_") + (tls ? "SSL" : "PLAINTEXT");
        var topic = SaslClientCases.Topic("kafka-python", tls, mechanism);

        var run = await ProcessRunner.RunAsync(Python,
            [script, brokers.Broker(tls).BootstrapServers, protocol, mechanism, SaslClientCases.User(credentials) ?? "", SaslClientCases.Password(credentials) ?? "", brokers.CaFile, topic],
            TimeSpan.FromSeconds(90));

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]);
        Assert.True(credentials == SaslClientCases.Right == result.RootElement.GetProperty("ok").GetBoolean(), run.ToString());
        if (credentials == SaslClientCases.Right)
        {
            Assert.Equal([mechanism], result.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        }
    }
}
