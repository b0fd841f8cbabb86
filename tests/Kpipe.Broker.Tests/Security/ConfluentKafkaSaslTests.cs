using Confluent.Kafka;
using Kpipe.Broker.Security;

namespace Kpipe.Broker.Tests.Security;

/// <summary>Confluent.Kafka (librdkafka) against SASL_PLAINTEXT and SASL_SSL brokers: refused without or with wrong credentials, served with the right ones.</summary>
[Trait("Category", "Integration")]
public sealed class ConfluentKafkaSaslTests(SecureBrokerFixture brokers) : IClassFixture<SecureBrokerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static TheoryData<bool, string> Cases => new()
    {
        { false, SaslMechanisms.Plain },
        { false, SaslMechanisms.ScramSha256 },
        { true, SaslMechanisms.Plain },
        { true, SaslMechanisms.ScramSha512 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_right_credentials_produce_and_consume_a_round_trip(bool tls, string mechanism)
    {
        var settings = brokers.ClientSettings(tls, mechanism, SecureBrokerFixture.User, SecureBrokerFixture.Password);
        var topic = $"sasl-{(tls ? "ssl" : "tcp")}-{mechanism}-{Guid.NewGuid():N}";
        using (var producer = new ProducerBuilder<string, string>(settings).Build())
        {
            var delivered = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = mechanism });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }

        var consumerSettings = new Dictionary<string, string>(settings) { ["group.id"] = "g-" + topic, ["auto.offset.reset"] = "earliest" };
        using var consumer = new ConsumerBuilder<string, string>(consumerSettings).Build();
        consumer.Subscribe(topic);
        var record = consumer.Consume(Timeout);
        consumer.Close();

        Assert.NotNull(record);
        Assert.Equal(mechanism, record.Message.Value);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_wrong_password_is_refused_with_an_authentication_error(bool tls, string mechanism)
    {
        var error = MetadataError(brokers.ClientSettings(tls, mechanism, SecureBrokerFixture.User, "wrong"));

        // librdkafka reports the broker's SASL_AUTHENTICATION_FAILED as a local authentication error carrying its message.
        Assert.Equal(ErrorCode.Local_Authentication, error.Code);
        Assert.Contains(mechanism == SaslMechanisms.Plain ? "Invalid username or password" : "invalid credentials", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_without_SASL_is_refused_and_its_connection_closed(bool tls)
    {
        var error = MetadataError(brokers.ClientSettings(tls, SaslMechanisms.Plain, null, null));

        Assert.True(error.IsError);
        await Poll.UntilAsync(() => brokers.Broker(tls).Logs.Lines.Any(l => l.Contains("Metadata request before SASL authentication", StringComparison.Ordinal)), Timeout);
    }

    // The first error librdkafka reports while it tries to read metadata.
    private static Error MetadataError(IReadOnlyDictionary<string, string> settings)
    {
        Error? first = null;
        using var admin = new AdminClientBuilder(settings).SetErrorHandler((_, e) => first ??= e).SetLogHandler((_, _) => { }).Build();
        var exception = Assert.Throws<KafkaException>(() => admin.GetMetadata(TimeSpan.FromSeconds(5)));
        return first ?? exception.Error;
    }
}
