using Confluent.Kafka;
using Kpipe.Pipeline.Consuming;
using Kpipe.Pipeline.Kafka;

namespace Kpipe.Pipeline.Tests.Kafka;

/// <summary>Pins every key and value each client config kpipe builds sets, so moving where they are built changes none.</summary>
[Trait("Category", "Unit")]
public sealed class KafkaConfigsTests
{
    private static readonly Dictionary<string, string> Sasl = new() { ["security.protocol"] = "SASL_SSL", ["client.id"] = "mine" };

    private static readonly Dictionary<string, string> None = [];

    [Fact]
    public void The_job_consumer_never_commits_on_its_own_and_reads_committed_records()
    {
        AssertKeys(new()
        {
            ["bootstrap.servers"] = "broker:9092",
            ["group.id"] = "kpipe-stream-metrics-events",
            ["client.id"] = "mine",
            ["enable.auto.commit"] = "False",
            ["enable.auto.offset.store"] = "False",
            ["auto.offset.reset"] = "earliest",
            ["isolation.level"] = "read_committed",
            ["fetch.queue.backoff.ms"] = "10",
            ["dotnet.consumer.consume.result.fields"] = "timestamp",
            ["security.protocol"] = "SASL_SSL",
        }, KafkaConfigs.JobConsumer("broker:9092", "kpipe-stream-metrics-events", "stream-metrics", "host-1", Sasl));
    }

    [Fact]
    public void The_job_consumer_names_its_client_after_the_job_and_instance()
    {
        var config = KafkaConfigs.JobConsumer("broker:9092", "kpipe-stream-metrics-events", "stream-metrics", "host-1", None);

        Assert.Equal("kpipe-stream-metrics-host-1", config.ClientId);
    }

    [Fact]
    public void The_replay_consumer_has_its_own_group_and_stops_at_partition_ends()
    {
        AssertKeys(new()
        {
            ["bootstrap.servers"] = "broker:9092",
            ["group.id"] = "kpipe-stream-metrics-events-replay",
            ["client.id"] = "kpipe-stream-metrics-host-1-replay",
            ["enable.auto.commit"] = "False",
            ["enable.auto.offset.store"] = "False",
            ["enable.partition.eof"] = "True",
            ["isolation.level"] = "read_committed",
        }, KafkaConfigs.JobReplayConsumer("broker:9092", "kpipe-stream-metrics-events", "stream-metrics", "host-1", None));
    }

    [Fact]
    public void The_dead_letter_producer_is_idempotent()
    {
        AssertKeys(new()
        {
            ["bootstrap.servers"] = "broker:9092",
            ["client.id"] = "mine",
            ["enable.idempotence"] = "True",
            ["security.protocol"] = "SASL_SSL",
        }, KafkaConfigs.DeadLetterProducer("broker:9092", "host-1", Sasl));
    }

    [Fact]
    public void The_file_producer_waits_for_all_replicas()
    {
        AssertKeys(new()
        {
            ["bootstrap.servers"] = "broker:9092",
            ["acks"] = "-1",
            ["enable.idempotence"] = "False",
            ["linger.ms"] = "5",
            ["batch.size"] = "1048576",
            ["message.timeout.ms"] = "30000",
            ["client.id"] = "kpipe-producer",
        }, KafkaConfigs.FileProducer("broker:9092", idempotent: false));
    }

    [Fact]
    public void The_topic_reader_consumer_without_a_group_neither_commits_nor_creates_topics()
    {
        var reader = new TopicReader("broker:9092", TimeProvider.System);

        AssertKeys(new()
        {
            ["bootstrap.servers"] = "broker:9092",
            ["group.id"] = "kpipe-reader",
            ["enable.auto.commit"] = "False",
            ["enable.auto.offset.store"] = "True",
            ["auto.offset.reset"] = "earliest",
            ["client.id"] = "kpipe-consumer",
            ["allow.auto.create.topics"] = "False",
        }, reader.ConsumerConfig(new TopicReadOptions { Topic = "t", Start = StartPosition.Beginning }));
    }

    [Fact]
    public void The_topic_reader_consumer_in_a_group_commits_and_may_start_at_the_end()
    {
        var reader = new TopicReader("broker:9092", TimeProvider.System, Sasl);

        AssertKeys(new()
        {
            ["bootstrap.servers"] = "broker:9092",
            ["group.id"] = "readers",
            ["enable.auto.commit"] = "True",
            ["enable.auto.offset.store"] = "True",
            ["auto.offset.reset"] = "latest",
            ["client.id"] = "mine",
            ["allow.auto.create.topics"] = "False",
            ["security.protocol"] = "SASL_SSL",
        }, reader.ConsumerConfig(new TopicReadOptions { Topic = "t", GroupId = "readers", Start = StartPosition.End }));
    }

    [Fact]
    public void The_reader_admin_client_never_creates_topics()
    {
        AssertKeys(new()
        {
            ["bootstrap.servers"] = "broker:9092",
            ["allow.auto.create.topics"] = "False",
            ["security.protocol"] = "SASL_SSL",
            ["client.id"] = "mine",
        }, KafkaConfigs.Admin("broker:9092", Sasl));
    }

    [Fact]
    public void The_command_admin_client_gives_up_on_a_silent_broker_after_its_timeout()
    {
        AssertKeys(new()
        {
            ["bootstrap.servers"] = "broker:9092",
            ["socket.timeout.ms"] = "10000",
            ["allow.auto.create.topics"] = "False",
        }, KafkaConfigs.Admin("broker:9092", None, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void The_probe_asks_only_whether_a_broker_answers_within_a_second()
    {
        AssertKeys(new()
        {
            ["bootstrap.servers"] = "broker:9092",
            ["socket.timeout.ms"] = "1000",
        }, KafkaConfigs.Probe("broker:9092"));
    }

    private static void AssertKeys(Dictionary<string, string> expected, ClientConfig config) =>
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), config.OrderBy(p => p.Key, StringComparer.Ordinal));
}
