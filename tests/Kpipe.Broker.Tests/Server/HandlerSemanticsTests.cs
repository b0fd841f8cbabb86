using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Kpipe.Broker.Tests.Integration;
using Kpipe.Broker.Tests.Protocol;

namespace Kpipe.Broker.Tests.Server;

/// <summary>Per-API semantics, exercised over the wire with a scripted peer.</summary>
[Trait("Category", "Integration")]
public sealed class HandlerSemanticsTests : IAsyncLifetime
{
    private const sbyte ConfigSourceDefault = 5;
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Metadata_v0_empty_list_means_all_topics_but_v1_empty_list_means_none()
    {
        Create("listed");
        var v0 = await MetadataAsync(0, new MetadataApi.Request([]));
        var v1Empty = await MetadataAsync(1, new MetadataApi.Request([]));
        var v1Null = await MetadataAsync(1, new MetadataApi.Request(null));
        Assert.Contains(v0.Topics, t => t.Name == "listed");
        Assert.Empty(v1Empty.Topics);
        Assert.Contains(v1Null.Topics, t => t.Name == "listed");
    }

    [Fact]
    public async Task Metadata_describes_this_node_as_broker_and_controller_with_topic_ids_and_leader_epoch_zero()
    {
        Create("described", partitions: 2);
        var response = await MetadataAsync(12, new MetadataApi.Request([new("described")], AllowAutoTopicCreation: false));
        var broker = Assert.Single(response.Brokers);
        Assert.Equal(_broker.EndPoint.Port, broker.Port);
        Assert.Equal(broker.NodeId, response.ControllerId);
        Assert.False(string.IsNullOrEmpty(response.ClusterId));
        var topic = Assert.Single(response.Topics);
        Assert.True(_broker.Broker.Topics.TryGetTopic("described", out var info));
        Assert.Equal(info.TopicId, topic.TopicId);
        Assert.All(topic.Partitions, p => Assert.Equal((0, broker.NodeId), (p.LeaderEpoch, p.LeaderId)));
    }

    [Fact]
    public async Task Metadata_auto_creates_a_requested_topic_unless_the_request_forbids_it()
    {
        var forbidden = await MetadataAsync(9, new MetadataApi.Request([new("not-yet")], AllowAutoTopicCreation: false));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, forbidden.Topics.Single().ErrorCode);
        var created = await MetadataAsync(9, new MetadataApi.Request([new("not-yet")], AllowAutoTopicCreation: true));
        Assert.Equal(ErrorCode.None, created.Topics.Single().ErrorCode);
        Assert.True(_broker.Broker.Topics.TryGetTopic("not-yet", out _));
    }

    [Fact]
    public async Task Cluster_id_is_stable_across_restarts_of_the_same_data_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kpipe-wire-cluster-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await TestBroker.StartAsync(dataDirectory: directory);
            var before = (await MetadataAsync(first, 2, new MetadataApi.Request(null))).ClusterId;
            await first.StopKeepingDataAsync();
            await using var second = await TestBroker.StartAsync(dataDirectory: directory);
            Assert.Equal(before, (await MetadataAsync(second, 2, new MetadataApi.Request(null))).ClusterId);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Produce_to_an_unknown_topic_with_auto_creation_off_gets_unknown_topic()
    {
        await using var strict = await TestBroker.StartAsync(o => o with { AutoCreateTopics = false });
        var response = await ExchangeAsync(strict, ApiKey.Produce, 9, new ProduceApi.Request(null, 1, 1000, [new("absent", [new(0, TestBatches.OfValues("x"))])]).Write, ProduceApi.Response.Read);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, response.Topics[0].Partitions[0].ErrorCode);
        Assert.False(strict.Broker.Topics.TryGetTopic("absent", out _));
    }

    [Fact]
    public async Task ListOffsets_answers_earliest_latest_and_by_timestamp()
    {
        Create("offsets");
        var log = _broker.Broker.Topics.GetLog("offsets", 0)!;
        log.Append(TestBatches.Create([TestRecord.Of("a", "1", 1000), TestRecord.Of("b", "2", 2000)]));
        log.Append(TestBatches.Create([TestRecord.Of("c", "3", 3000)]));
        var request = new ListOffsetsApi.Request(-1, 0, [new("offsets", [new(0, -1, -2), new(0, -1, -1), new(0, -1, 2500), new(0, -1, 9999)])]);
        var partitions = (await ExchangeAsync(_broker, ApiKey.ListOffsets, 7, request.Write, ListOffsetsApi.Response.Read)).Topics[0].Partitions;
        Assert.Equal(0, partitions[0].Offset);
        Assert.Equal(3, partitions[1].Offset);
        Assert.Equal((2L, 3000L), (partitions[2].Offset, partitions[2].Timestamp));
        Assert.Equal((-1L, -1L), (partitions[3].Offset, partitions[3].Timestamp));
    }

    [Fact]
    public async Task ListOffsets_v0_answers_an_offsets_array_capped_by_max_num_offsets()
    {
        Create("legacy");
        var log = _broker.Broker.Topics.GetLog("legacy", 0)!;
        log.Append(TestBatches.Create([TestRecord.Of("a", "1", 1000), TestRecord.Of("b", "2", 2000)]));
        var request = new ListOffsetsApi.Request(-1, 0, [new("legacy", [new(0, -1, -2, 1), new(0, -1, -1, 1), new(0, -1, -1, 0), new(0, -1, 9999, 1)]), new("absent-legacy", [new(0, -1, -1, 1)])]);
        var response = await ExchangeAsync(_broker, ApiKey.ListOffsets, 0, request.Write, ListOffsetsApi.Response.Read);
        var partitions = response.Topics[0].Partitions;
        Assert.Equal((ErrorCode.None, 0L, 1), (partitions[0].ErrorCode, partitions[0].Offset, partitions[0].MaxNumOffsets));
        Assert.Equal((2L, 1), (partitions[1].Offset, partitions[1].MaxNumOffsets));
        Assert.Equal(0, partitions[2].MaxNumOffsets);
        Assert.Equal(0, partitions[3].MaxNumOffsets);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, response.Topics[1].Partitions[0].ErrorCode);
    }

    [Fact]
    public async Task DeleteRecords_moves_the_log_start_and_refuses_offsets_beyond_the_high_watermark()
    {
        Create("trim");
        var log = _broker.Broker.Topics.GetLog("trim", 0)!;
        log.Append(TestBatches.OfValues("a", "b", "c"));
        var ok = await ExchangeAsync(_broker, ApiKey.DeleteRecords, 2, new DeleteRecordsApi.Request([new("trim", [new(0, 2)])], 1000).Write, DeleteRecordsApi.Response.Read);
        Assert.Equal((ErrorCode.None, 2L), (ok.Topics[0].Partitions[0].ErrorCode, ok.Topics[0].Partitions[0].LowWatermark));
        Assert.Equal(2, log.LogStartOffset);
        var beyond = await ExchangeAsync(_broker, ApiKey.DeleteRecords, 0, new DeleteRecordsApi.Request([new("trim", [new(0, 10)])], 1000).Write, DeleteRecordsApi.Response.Read);
        Assert.Equal(ErrorCode.OffsetOutOfRange, beyond.Topics[0].Partitions[0].ErrorCode);
    }

    [Fact]
    public async Task CreateTopics_validate_only_creates_nothing()
    {
        var request = new CreateTopicsApi.Request([new("dry-run", 2, 1, [], [])], 1000, ValidateOnly: true);
        var response = await ExchangeAsync(_broker, ApiKey.CreateTopics, 4, request.Write, CreateTopicsApi.Response.Read);
        Assert.Equal(ErrorCode.None, response.Topics[0].ErrorCode);
        Assert.False(_broker.Broker.Topics.TryGetTopic("dry-run", out _));
    }

    [Fact]
    public async Task CreateTopics_accepts_manual_assignments_naming_only_this_node_and_refuses_others()
    {
        var node = _broker.Options.NodeId;
        var request = new CreateTopicsApi.Request(
        [
            new("placed", -1, -1, [new(1, [node]), new(0, [node])], []),
            new("elsewhere", -1, -1, [new(0, [node + 1])], []),
            new("twice", -1, -1, [new(0, [node, node])], []),
            new("gap", -1, -1, [new(0, [node]), new(2, [node])], []),
            new("both", 2, -1, [new(0, [node])], []),
        ], 1000, ValidateOnly: false);
        var topics = (await ExchangeAsync(_broker, ApiKey.CreateTopics, 4, request.Write, CreateTopicsApi.Response.Read)).Topics;

        Assert.Equal(ErrorCode.None, topics[0].ErrorCode);
        Assert.True(_broker.Broker.Topics.TryGetTopic("placed", out var placed));
        Assert.Equal(2, placed.PartitionCount);
        Assert.Equal([ErrorCode.InvalidReplicaAssignment, ErrorCode.InvalidReplicaAssignment, ErrorCode.InvalidReplicaAssignment, ErrorCode.InvalidRequest], topics.Skip(1).Select(t => t.ErrorCode));
        Assert.Contains($"only broker {node}", topics[1].ErrorMessage);
        Assert.False(_broker.Broker.Topics.TryGetTopic("elsewhere", out _));
    }

    [Fact]
    public async Task CreatePartitions_accepts_one_assignment_per_new_partition_naming_this_node()
    {
        Create("grown");
        var node = _broker.Options.NodeId;
        var refused = new CreatePartitionsApi.Request([new("grown", 3, [[node]]), new("grown", 2, [[node + 1]])], 1000, ValidateOnly: false);
        var refusals = (await ExchangeAsync(_broker, ApiKey.CreatePartitions, 2, refused.Write, CreatePartitionsApi.Response.Read)).Results;
        var accepted = new CreatePartitionsApi.Request([new("grown", 3, [[node], [node]])], 1000, ValidateOnly: false);
        var result = Assert.Single((await ExchangeAsync(_broker, ApiKey.CreatePartitions, 2, accepted.Write, CreatePartitionsApi.Response.Read)).Results);

        Assert.All(refusals, r => Assert.Equal(ErrorCode.InvalidReplicaAssignment, r.ErrorCode));
        Assert.Equal(ErrorCode.None, result.ErrorCode);
        Assert.True(_broker.Broker.Topics.TryGetTopic("grown", out var grown));
        Assert.Equal(3, grown.PartitionCount);
    }

    [Fact]
    public async Task OffsetForLeaderEpoch_ends_epoch_zero_at_the_log_end_and_checks_the_current_epoch()
    {
        Create("epochs");
        _broker.Broker.Topics.GetLog("epochs", 0)!.Append(TestBatches.OfValues("a", "b", "c"));
        var request = new OffsetForLeaderEpochApi.Request(-1,
        [
            new("epochs", [new(0, 0, 0), new(0, -1, 0), new(0, 0, 3), new(0, 1, 0)]),
            new("absent-epochs", [new(0, 0, 0)]),
        ]);

        var response = await ExchangeAsync(_broker, ApiKey.OffsetForLeaderEpoch, 4, request.Write, OffsetForLeaderEpochApi.Response.Read);

        var partitions = response.Topics[0].Partitions;
        Assert.Equal((ErrorCode.None, 0, 3L), (partitions[0].ErrorCode, partitions[0].LeaderEpoch, partitions[0].EndOffset));
        Assert.Equal((ErrorCode.None, 0, 3L), (partitions[1].ErrorCode, partitions[1].LeaderEpoch, partitions[1].EndOffset));
        Assert.Equal((ErrorCode.None, -1, -1L), (partitions[2].ErrorCode, partitions[2].LeaderEpoch, partitions[2].EndOffset));
        Assert.Equal(ErrorCode.UnknownLeaderEpoch, partitions[3].ErrorCode);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, response.Topics[1].Partitions[0].ErrorCode);
    }

    [Fact]
    public async Task Fetch_and_ListOffsets_stamp_epoch_zero_and_refuse_a_newer_current_epoch()
    {
        Create("stamped");
        _broker.Broker.Topics.GetLog("stamped", 0)!.Append(TestBatches.OfValues("a"));
        var fetch = new FetchApi.Request(-1, 0, 1, 1 << 20, 0, 0, -1, [new("stamped", [new(0, 0, 0, -1, -1, 1 << 20), new(0, 5, 0, -1, -1, 1 << 20)])]);
        var list = new ListOffsetsApi.Request(-1, 0, [new("stamped", [new(0, 0, -1), new(0, 5, -1)])]);

        var fetched = (await ExchangeAsync(_broker, ApiKey.Fetch, 12, fetch.Write, FetchApi.Response.Read)).Topics[0].Partitions;
        var listed = (await ExchangeAsync(_broker, ApiKey.ListOffsets, 7, list.Write, ListOffsetsApi.Response.Read)).Topics[0].Partitions;

        Assert.Equal(ErrorCode.None, fetched[0].ErrorCode);
        Assert.True(RecordBatchHeader.TryRead(fetched[0].Records.Span, out var header));
        Assert.Equal(LeaderEpoch.Current, header.PartitionLeaderEpoch);
        Assert.Equal(ErrorCode.UnknownLeaderEpoch, fetched[1].ErrorCode);
        Assert.Equal((ErrorCode.None, 1L, 0), (listed[0].ErrorCode, listed[0].Offset, listed[0].LeaderEpoch));
        Assert.Equal(ErrorCode.UnknownLeaderEpoch, listed[1].ErrorCode);
    }

    [Fact]
    public async Task DescribeConfigs_of_an_unknown_topic_is_an_error_for_that_resource_only()
    {
        Create("configured");
        var request = new DescribeConfigsApi.Request([new(DescribeConfigsApi.Request.TopicResource, "missing", null), new(DescribeConfigsApi.Request.TopicResource, "configured", ["retention.ms"])], false);
        var results = (await ExchangeAsync(_broker, ApiKey.DescribeConfigs, 1, request.Write, DescribeConfigsApi.Response.Read)).Results;
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, results[0].ErrorCode);
        Assert.Equal(ErrorCode.None, results[1].ErrorCode);
        var config = Assert.Single(results[1].Configs);
        Assert.Equal(("retention.ms", (sbyte)ConfigSourceDefault), (config.Name, config.ConfigSource));
    }

    private void Create(string name, int partitions = 1) =>
        Assert.Equal(ErrorCode.None, _broker.Broker.Topics.CreateTopic(name, partitions, 1, new Dictionary<string, string?>(), false).Error);

    private Task<MetadataApi.Response> MetadataAsync(short version, MetadataApi.Request request) => MetadataAsync(_broker, version, request);

    private static Task<MetadataApi.Response> MetadataAsync(TestBroker broker, short version, MetadataApi.Request request) =>
        ExchangeAsync(broker, ApiKey.Metadata, version, request.Write, MetadataApi.Response.Read);

    private static async Task<T> ExchangeAsync<T>(TestBroker broker, ApiKey key, short version, Action<KafkaWriter, short> write, MessageReader<T> read)
    {
        using var peer = await RawPeer.ConnectAsync(broker.EndPoint);
        await peer.SendAsync(RawPeer.Frame(key, version, 11, write));
        var (correlationId, body) = await peer.ReceiveAsync();
        Assert.Equal(11, correlationId);
        var reader = new KafkaReader(body);
        if (ResponseHeader.IsFlexible(key, version))
        {
            reader.SkipTaggedFields(true);
        }

        var response = read(ref reader, version);
        Assert.False(reader.Failed);
        return response;
    }
}
