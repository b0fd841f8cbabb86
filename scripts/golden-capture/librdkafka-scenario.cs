// librdkafka (through Confluent.Kafka) scenario for golden fixtures: dotnet run librdkafka-scenario.cs -- BOOTSTRAP.
// librdkafka always negotiates versions with ApiVersions (its broker.version.fallback only reaches versions older
// than kpipe serves), so this one run sends its newest versions: admin calls, an idempotent producer, a group.
#:package Confluent.Kafka
using Confluent.Kafka;
using Confluent.Kafka.Admin;

var bootstrap = args[0];
const string topic = "golden-rdk";
const string groupId = "golden-rdk-group";
void Configure(ClientConfig config)
{
    config.BootstrapServers = bootstrap;
    config.ClientId = "golden-librdkafka";
}

var adminConfig = new AdminClientConfig();
Configure(adminConfig);
using var admin = new AdminClientBuilder(adminConfig).Build();
await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 2, ReplicationFactor = 1 }, new TopicSpecification { Name = topic + "-doomed", NumPartitions = 1, ReplicationFactor = 1 }]);
await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 3 }]);
await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }]);
var configured = new ConfigResource { Type = ResourceType.Topic, Name = topic };
await admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>> { [configured] = [new ConfigEntry { Name = "retention.ms", Value = "3600000" }] },
    new AlterConfigsOptions { ValidateOnly = true });
await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
{
    [configured] =
    [
        new ConfigEntry { Name = "cleanup.policy", Value = "compact", IncrementalOperation = AlterConfigOpType.Append },
        new ConfigEntry { Name = "retention.ms", IncrementalOperation = AlterConfigOpType.Delete },
    ],
});
// The broker of the capture has no credentials file, so the alteration is refused; its request is what is recorded.
await admin.DescribeUserScramCredentialsAsync(["golden-user"]).ContinueWith(_ => { });
await admin.AlterUserScramCredentialsAsync(
[
    new UserScramCredentialUpsertion { User = "golden-user", ScramCredentialInfo = new ScramCredentialInfo { Mechanism = ScramMechanism.ScramSha256, Iterations = 8192 }, Password = "golden"u8.ToArray() },
    new UserScramCredentialDeletion { User = "golden-other", Mechanism = ScramMechanism.ScramSha512 },
]).ContinueWith(_ => { });
await admin.DescribeClusterAsync();

var producerConfig = new ProducerConfig { EnableIdempotence = true, Acks = Acks.All, MessageTimeoutMs = 10000 };
Configure(producerConfig);
using (var producer = new ProducerBuilder<string, string>(producerConfig).Build())
{
    for (var p = 0; p < 3; p++)
    {
        await producer.ProduceAsync(new TopicPartition(topic, p), new Message<string, string> { Key = $"k{p}", Value = $"v{p}" });
    }
}

var consumerConfig = new ConsumerConfig
{
    GroupId = groupId, AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
    SessionTimeoutMs = 10000, HeartbeatIntervalMs = 1000, MaxPollIntervalMs = 20000,
};
Configure(consumerConfig);
using (var consumer = new ConsumerBuilder<string, string>(consumerConfig).Build())
{
    consumer.Subscribe(topic);
    var seen = 0;
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (seen < 3 && DateTime.UtcNow < deadline)
    {
        if (consumer.Consume(500) is { } result)
        {
            seen++;
            consumer.Commit(result);
        }
    }

    // Stay in the group past a heartbeat interval, so the capture holds a Heartbeat request.
    Thread.Sleep(2500);
    consumer.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(5));
    consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(5));
    consumer.Close();
    Console.WriteLine($"librdkafka: consumed {seen}");
}

var partition0 = new TopicPartition(topic, 0);
await admin.ListOffsetsAsync([new TopicPartitionOffsetSpec { TopicPartition = partition0, OffsetSpec = OffsetSpec.Latest() }]);
await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(groupId, [partition0])]);
await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(groupId, [new TopicPartitionOffset(topic, 1, 1)])]);
await admin.ListConsumerGroupsAsync();
await admin.DescribeConsumerGroupsAsync([groupId]);
await admin.DeleteConsumerGroupOffsetsAsync(groupId, [new TopicPartition(topic, 1)]);
await admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 1)]);
await admin.DeleteGroupsAsync([groupId]);
await admin.DeleteTopicsAsync([topic + "-doomed"]);
