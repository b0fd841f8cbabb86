using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Protocol;
using Kpipe.Broker.Tests.Server;
using ErrorCode = Kpipe.Broker.Protocol.ErrorCode;

namespace Kpipe.Broker.Tests.Transactions;

/// <summary>
/// ListTransactions and DescribeTransactions over a socket while a Confluent.Kafka producer holds a transaction open
/// (no client here has an admin call for them: Confluent.Kafka 2.16, KafkaJS 2.2.4 and kafka-python 2.0.2 lack one).
/// </summary>
[Trait("Category", "Integration")]
public sealed class TransactionListingWireTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_transaction_opened_by_Confluent_Kafka_is_listed_and_described_on_the_wire()
    {
        await using var host = await TestBroker.StartAsync(TestBroker.ForClients);
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = host.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "listed", NumPartitions = 1, ReplicationFactor = 1 }]);
        }

        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = host.BootstrapServers, TransactionalId = "listed-id" }).Build();
        producer.InitTransactions(Deadline);
        producer.BeginTransaction();
        await producer.ProduceAsync("listed", new Message<string, string> { Key = "k", Value = "open" });

        var listed = await ExchangeAsync(host, ApiKey.ListTransactions, 1, new ListTransactionsApi.Request(["Ongoing"], [], 0).Write, ListTransactionsApi.Response.Read);
        var described = await ExchangeAsync(host, ApiKey.DescribeTransactions, 0, new DescribeTransactionsApi.Request(["listed-id"]).Write, DescribeTransactionsApi.Response.Read);

        var entry = Assert.Single(listed.TransactionStates);
        Assert.Equal(("listed-id", "Ongoing"), (entry.TransactionalId, entry.State));
        var state = Assert.Single(described.TransactionStates);
        Assert.Equal((ErrorCode.None, entry.ProducerId, "listed"), (state.ErrorCode, state.ProducerId, Assert.Single(state.Topics).Name));
        producer.CommitTransaction(Deadline);
        var after = await ExchangeAsync(host, ApiKey.ListTransactions, 0, new ListTransactionsApi.Request([], [entry.ProducerId]).Write, ListTransactionsApi.Response.Read);
        Assert.Equal("CompleteCommit", Assert.Single(after.TransactionStates).State);
    }

    private static async Task<T> ExchangeAsync<T>(TestBroker host, ApiKey key, short version, Action<KafkaWriter, short> write, MessageReader<T> read)
    {
        using var peer = await RawPeer.ConnectAsync(host.EndPoint);
        await peer.SendAsync(RawPeer.Frame(key, version, 9, write));
        var (correlationId, body) = await peer.ReceiveAsync();
        Assert.Equal(9, correlationId);
        var reader = new KafkaReader(body);
        reader.SkipTaggedFields(true);
        var response = read(ref reader, version);
        Assert.False(reader.Failed);
        return response;
    }
}
