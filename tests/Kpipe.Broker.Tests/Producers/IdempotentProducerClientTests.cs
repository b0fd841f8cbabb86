using System.Net;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Broker.Tests.Producers;

/// <summary>
/// Confluent.Kafka's idempotent producer against the in-process broker through a <see cref="DelayingProxy"/> (which the
/// broker advertises, so every connection goes through it), with responses held back so that the producer retries.
/// </summary>
[Trait("Category", "Integration")]
public sealed class IdempotentProducerClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private DelayingProxy _proxy = null!;
    private TestBroker _host = null!;

    public async Task InitializeAsync()
    {
        // The proxy binds first so the broker can advertise it; it dials the broker's port only once a client connects.
        _proxy = new DelayingProxy(() => _host.EndPoint);
        _host = await TestBroker.StartAsync(o => TestBroker.ForClients(o) with { Advertised = new DnsEndPoint("127.0.0.1", _proxy.EndPoint.Port) });
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_producer_whose_responses_are_held_back_retries_and_writes_each_record_once()
    {
        await CreateTopicAsync("idem");
        var proxy = _proxy;
        using var producer = IdempotentProducer();
        await producer.ProduceAsync("idem", new Message<string, string> { Key = "k", Value = "first" });

        proxy.ResponseDelay = TimeSpan.FromMinutes(5);
        var deliveries = Enumerable.Range(0, 20)
            .Select(i => producer.ProduceAsync("idem", new Message<string, string> { Key = $"k{i}", Value = $"v{i}" }))
            .ToList();
        await WaitUntilAsync(() => LogEnd("idem") > 1);
        proxy.ResponseDelay = TimeSpan.Zero;
        proxy.DropConnections();
        var results = await Task.WhenAll(deliveries).WaitAsync(Deadline);

        Assert.True(proxy.Connections > 1, "the producer never reconnected, so nothing was retried");
        Assert.Equal(21, LogEnd("idem"));
        Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), results.Select(r => r.Offset.Value).Order());
    }

    [Fact]
    public async Task Producer_state_is_rebuilt_after_a_restart_so_a_retry_across_it_is_not_written_twice()
    {
        await CreateTopicAsync("idem-restart");
        var proxy = _proxy;
        using var producer = IdempotentProducer();
        await producer.ProduceAsync("idem-restart", new Message<string, string> { Key = "k", Value = "first" });

        proxy.ResponseDelay = TimeSpan.FromMinutes(5);
        var delivery = producer.ProduceAsync("idem-restart", new Message<string, string> { Key = "k", Value = "second" });
        await WaitUntilAsync(() => LogEnd("idem-restart") == 2);
        await _host.RestartAsync();
        proxy.ResponseDelay = TimeSpan.Zero;
        proxy.DropConnections();
        var result = await delivery.WaitAsync(Deadline);

        Assert.Equal(1, result.Offset.Value);
        Assert.Equal(2, LogEnd("idem-restart"));
    }

    private IProducer<string, string> IdempotentProducer() =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _host.BootstrapServers,
            EnableIdempotence = true,
            MessageTimeoutMs = 50_000,
            LingerMs = 0,
            ReconnectBackoffMs = 50,
            RetryBackoffMs = 50,
        }).SetLogHandler((_, _) => { }).Build();

    private long LogEnd(string topic) => _host.Broker.Topics.GetLog(topic, 0)?.LogEndOffset ?? -1;

    private async Task CreateTopicAsync(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _host.BootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Poll.UntilAsync(condition, Deadline);
}
