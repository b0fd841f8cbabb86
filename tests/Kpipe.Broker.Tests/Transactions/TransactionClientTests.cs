using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Broker.Tests.Transactions;

/// <summary>Confluent.Kafka's transactional producer and read_committed / read_uncommitted consumers against the in-process broker.</summary>
[Trait("Category", "Integration")]
public sealed class TransactionClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private TestBroker _host = null!;

    public async Task InitializeAsync() => _host = await TestBroker.StartAsync(TestBroker.ForClients);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_committed_transaction_is_read_by_read_committed_and_an_aborted_one_only_by_read_uncommitted()
    {
        await CreateTopicAsync("txn-basic");
        using var producer = TransactionalProducer("txn-basic-id");
        producer.InitTransactions(Deadline);

        producer.BeginTransaction();
        await producer.ProduceAsync("txn-basic", new Message<string, string> { Key = "k", Value = "committed-1" });
        await producer.ProduceAsync("txn-basic", new Message<string, string> { Key = "k", Value = "committed-2" });
        producer.CommitTransaction(Deadline);

        producer.BeginTransaction();
        await producer.ProduceAsync("txn-basic", new Message<string, string> { Key = "k", Value = "aborted" });
        producer.AbortTransaction(Deadline);

        producer.BeginTransaction();
        await producer.ProduceAsync("txn-basic", new Message<string, string> { Key = "k", Value = "committed-3" });
        producer.CommitTransaction(Deadline);

        // 4 data records and 3 markers.
        Assert.Equal(7, _host.Broker.Topics.GetLog("txn-basic", 0)!.LogEndOffset);
        Assert.Equal(["committed-1", "committed-2", "committed-3"], ReadAll("txn-basic", IsolationLevel.ReadCommitted, 3));
        Assert.Equal(["committed-1", "committed-2", "aborted", "committed-3"], ReadAll("txn-basic", IsolationLevel.ReadUncommitted, 4));
    }

    [Fact]
    public async Task An_open_transaction_holds_read_committed_watermark_at_its_first_offset_until_it_commits()
    {
        await CreateTopicAsync("txn-open");
        using (var plain = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _host.BootstrapServers }).Build())
        {
            await plain.ProduceAsync("txn-open", new Message<string, string> { Key = "k", Value = "before" });
        }

        using var producer = TransactionalProducer("txn-open-id");
        producer.InitTransactions(Deadline);
        producer.BeginTransaction();
        await producer.ProduceAsync("txn-open", new Message<string, string> { Key = "k", Value = "pending" });

        using var committed = Consumer(IsolationLevel.ReadCommitted);
        using var uncommitted = Consumer(IsolationLevel.ReadUncommitted);
        var partition = new TopicPartition("txn-open", 0);
        Assert.Equal(1, committed.QueryWatermarkOffsets(partition, Deadline).High.Value);
        Assert.Equal(2, uncommitted.QueryWatermarkOffsets(partition, Deadline).High.Value);
        Assert.Equal(["before"], ReadAll("txn-open", IsolationLevel.ReadCommitted, 1));

        producer.CommitTransaction(Deadline);
        Assert.Equal(3, committed.QueryWatermarkOffsets(partition, Deadline).High.Value);
        Assert.Equal(["before", "pending"], ReadAll("txn-open", IsolationLevel.ReadCommitted, 2));
    }

    [Fact]
    public async Task A_second_producer_with_the_same_transactional_id_fences_the_first_and_aborts_its_transaction()
    {
        await CreateTopicAsync("txn-fence");
        using var zombie = TransactionalProducer("txn-fence-id");
        zombie.InitTransactions(Deadline);
        zombie.BeginTransaction();
        await zombie.ProduceAsync("txn-fence", new Message<string, string> { Key = "k", Value = "zombie" });

        using var successor = TransactionalProducer("txn-fence-id");
        successor.InitTransactions(Deadline);

        var error = Assert.ThrowsAny<KafkaException>(() => zombie.CommitTransaction(Deadline));
        Assert.Equal(ErrorCode.Local_Fenced, error.Error.Code);
        Assert.True(error.Error.IsFatal);
        successor.BeginTransaction();
        await successor.ProduceAsync("txn-fence", new Message<string, string> { Key = "k", Value = "successor" });
        successor.CommitTransaction(Deadline);
        Assert.Equal(["successor"], ReadAll("txn-fence", IsolationLevel.ReadCommitted, 1));
    }

    [Fact]
    public async Task Offsets_sent_to_a_transaction_reach_the_group_only_when_it_commits()
    {
        await CreateTopicAsync("txn-in");
        await CreateTopicAsync("txn-out");
        using (var plain = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _host.BootstrapServers }).Build())
        {
            for (var i = 0; i < 4; i++)
            {
                await plain.ProduceAsync("txn-in", new Message<string, string> { Key = "k", Value = $"in-{i}" });
            }
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = _host.BootstrapServers,
            GroupId = "ctp",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        consumer.Assign(new TopicPartition("txn-in", 0));
        using var producer = TransactionalProducer("ctp-id");
        producer.InitTransactions(Deadline);

        await TransformAsync(2, abort: true);
        Assert.Equal(Offset.Unset, Committed());
        consumer.Seek(new TopicPartitionOffset("txn-in", 0, 0));
        await TransformAsync(4, abort: false);

        Assert.Equal(4, Committed().Value);
        Assert.Equal(["out-in-0", "out-in-1", "out-in-2", "out-in-3"], ReadAll("txn-out", IsolationLevel.ReadCommitted, 4));

        Offset Committed() => consumer.Committed([new TopicPartition("txn-in", 0)], Deadline).Single().Offset;

        async Task TransformAsync(int count, bool abort)
        {
            producer.BeginTransaction();
            for (var i = 0; i < count; i++)
            {
                var record = consumer.Consume(Deadline) ?? throw new TimeoutException("no input record");
                await producer.ProduceAsync("txn-out", new Message<string, string> { Key = "k", Value = "out-" + record.Message.Value });
            }

            producer.SendOffsetsToTransaction(consumer.Assignment.Select(p => new TopicPartitionOffset(p, consumer.Position(p))), consumer.ConsumerGroupMetadata, Deadline);
            if (abort)
            {
                producer.AbortTransaction(Deadline);
            }
            else
            {
                producer.CommitTransaction(Deadline);
            }
        }
    }

    [Fact]
    public async Task A_read_committed_consumer_waits_for_offsets_pending_in_a_transaction_while_read_uncommitted_sees_the_last_commit()
    {
        await CreateTopicAsync("txn-stable");
        var partition = new TopicPartition("txn-stable", 0);
        using var producer = TransactionalProducer("stable-id");
        producer.InitTransactions(Deadline);
        using var committed = GroupConsumer("stable", IsolationLevel.ReadCommitted);
        using var uncommitted = GroupConsumer("stable", IsolationLevel.ReadUncommitted);
        committed.Commit([new TopicPartitionOffset(partition, 2)]);

        producer.BeginTransaction();
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(partition, 5)], committed.ConsumerGroupMetadata, Deadline);

        // librdkafka sends require_stable with read_committed and retries UNSTABLE_OFFSET_COMMIT until its timeout.
        Assert.Equal(2, uncommitted.Committed([partition], Deadline).Single().Offset.Value);
        var waiting = Assert.Throws<KafkaException>(() => committed.Committed([partition], TimeSpan.FromSeconds(2)));
        Assert.Equal(ErrorCode.Local_TimedOut, waiting.Error.Code);
        var pending = Task.Run(() => committed.Committed([partition], Deadline).Single().Offset.Value);
        producer.CommitTransaction(Deadline);

        Assert.Equal(5, await pending);
    }

    private IConsumer<string, string> GroupConsumer(string groupId, IsolationLevel isolation) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = _host.BootstrapServers,
            GroupId = groupId,
            IsolationLevel = isolation,
            EnableAutoCommit = false,
        }).Build();

    private IProducer<string, string> TransactionalProducer(string transactionalId) =>
        new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _host.BootstrapServers, TransactionalId = transactionalId }).Build();

    private IConsumer<string, string> Consumer(IsolationLevel isolation) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = _host.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid(),
            IsolationLevel = isolation,
            EnableAutoCommit = false,
        }).Build();

    private List<string> ReadAll(string topic, IsolationLevel isolation, int expected)
    {
        using var consumer = Consumer(isolation);
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<string>();
        var until = DateTime.UtcNow + Deadline;
        while (values.Count < expected && DateTime.UtcNow < until)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record)
            {
                values.Add(record.Message.Value);
            }
        }

        // Whatever follows within a short look must not be a record the isolation level hides.
        if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { IsPartitionEOF: false } extra)
        {
            values.Add(extra.Message.Value);
        }

        return values;
    }

    private async Task CreateTopicAsync(string name)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _host.BootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = 1, ReplicationFactor = 1 }]);
    }
}
