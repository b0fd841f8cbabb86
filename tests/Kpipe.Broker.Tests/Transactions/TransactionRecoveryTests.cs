using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Tests.Transactions;

/// <summary>Transactions across a broker restart and past their timeout, seen through Confluent.Kafka.</summary>
[Trait("Category", "Integration")]
public sealed class TransactionRecoveryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_hung_transaction_is_aborted_at_its_timeout_so_the_last_stable_offset_moves_on()
    {
        await using var host = await TestBroker.StartAsync(o => TestBroker.ForClients(o) with
        {
            Transactions = new TransactionCoordinatorOptions { AbortCheckInterval = TimeSpan.FromMilliseconds(100) },
        });
        await CreateTopicAsync(host, "txn-timeout");
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = host.BootstrapServers,
            TransactionalId = "hung",
            TransactionTimeoutMs = 1000,
        }).Build();
        producer.InitTransactions(Deadline);
        producer.BeginTransaction();
        await producer.ProduceAsync("txn-timeout", new Message<string, string> { Key = "k", Value = "never committed" });
        var log = host.Broker.Topics.GetLog("txn-timeout", 0)!;

        Assert.Equal(0, LastStable(host, "txn-timeout"));
        await Poll.UntilAsync(() => log.LogEndOffset == 2 && LastStable(host, "txn-timeout") == 2, Deadline, "the timed-out transaction's abort marker");
        Assert.ThrowsAny<KafkaException>(() => producer.CommitTransaction(Deadline));
    }

    [Fact]
    public async Task An_open_transaction_survives_a_restart_and_commits_afterwards()
    {
        await using var host = await TestBroker.StartAsync(TestBroker.ForClients);
        await CreateTopicAsync(host, "txn-restart");
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = host.BootstrapServers, TransactionalId = "survivor" }).Build();
        producer.InitTransactions(Deadline);
        producer.BeginTransaction();
        await producer.ProduceAsync("txn-restart", new Message<string, string> { Key = "k", Value = "across the restart" });

        await host.RestartAsync();
        Assert.Equal(0, LastStable(host, "txn-restart"));
        producer.CommitTransaction(Deadline);

        Assert.Equal(2, LastStable(host, "txn-restart"));
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = host.BootstrapServers,
            GroupId = "restart-reader",
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        consumer.Assign(new TopicPartitionOffset("txn-restart", 0, Offset.Beginning));
        Assert.Equal("across the restart", consumer.Consume(Deadline)?.Message.Value);
    }

    private static long LastStable(TestBroker host, string topic)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = host.BootstrapServers,
            GroupId = "watermarks",
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), Deadline).High.Value;
    }

    private static async Task CreateTopicAsync(TestBroker host, string name)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = host.BootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = 1, ReplicationFactor = 1 }]);
    }
}
