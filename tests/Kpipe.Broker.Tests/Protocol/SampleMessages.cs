using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>A populated request and response for every served API, plus the matching decoders, for round-trip tests.</summary>
internal static class SampleMessages
{
    private static readonly byte[] Batch = TestBatches.OfValues("a", "b");

    public static (Action<KafkaWriter, short> Write, MessageReader<Action<KafkaWriter, short>> Read) Request(ApiKey key) => key switch
    {
        ApiKey.ApiVersions => (new ApiVersionsRequest("kpipe-test", "1.0").Write, (ref KafkaReader r, short v) => ApiVersionsRequest.Read(ref r, v).Write),
        ApiKey.Metadata => (new MetadataRequest([new("orders"), new("clicks")], false, true, true).Write, (ref KafkaReader r, short v) => MetadataRequest.Read(ref r, v).Write),
        ApiKey.Produce => (new ProduceRequest("txn", -1, 30000, [new("orders", [new(0, Batch), new(1, null)])]).Write, (ref KafkaReader r, short v) => ProduceRequest.Read(ref r, v).Write),
        ApiKey.Fetch => (new FetchRequest(-1, 500, 1, 52428800, 1, 0, -1, [new("orders", [new(0, -1, 42, -1, 0, 1048576)])], "rack-a").Write, (ref KafkaReader r, short v) => FetchRequest.Read(ref r, v).Write),
        ApiKey.ListOffsets => (new ListOffsetsRequest(-1, 1, [new("orders", [new(0, -1, -2), new(1, -1, 1700000000000)])]).Write, (ref KafkaReader r, short v) => ListOffsetsRequest.Read(ref r, v).Write),
        ApiKey.CreateTopics => (new CreateTopicsRequest([new("orders", 3, 1, 0, [new("retention.ms", "1000"), new("cleanup.policy", null)])], 30000, true).Write, (ref KafkaReader r, short v) => CreateTopicsRequest.Read(ref r, v).Write),
        ApiKey.DeleteTopics => (new DeleteTopicsRequest(["orders", "clicks"], 30000).Write, (ref KafkaReader r, short v) => DeleteTopicsRequest.Read(ref r, v).Write),
        ApiKey.CreatePartitions => (new CreatePartitionsRequest([new("orders", 6, false), new("clicks", 2, true)], 30000, true).Write, (ref KafkaReader r, short v) => CreatePartitionsRequest.Read(ref r, v).Write),
        ApiKey.DescribeConfigs => (new DescribeConfigsRequest([new(2, "orders", null), new(4, "1", ["log.retention.ms"])], true).Write, (ref KafkaReader r, short v) => DescribeConfigsRequest.Read(ref r, v).Write),
        ApiKey.DescribeCluster => (new DescribeClusterRequest(true, 1).Write, (ref KafkaReader r, short v) => DescribeClusterRequest.Read(ref r, v).Write),
        ApiKey.DeleteRecords => (new DeleteRecordsRequest([new("orders", [new(0, 10), new(1, -1)])], 30000).Write, (ref KafkaReader r, short v) => DeleteRecordsRequest.Read(ref r, v).Write),
        ApiKey.FindCoordinator => (new FindCoordinatorRequest("group-1").Write, (ref KafkaReader r, short v) => FindCoordinatorRequest.Read(ref r, v).Write),
        ApiKey.JoinGroup => (new JoinGroupRequest("group-1", 30000, 60000, "member-1", "instance-1", "consumer", [new("range", [0, 1, 2]), new("roundrobin", [])]).Write, (ref KafkaReader r, short v) => JoinGroupRequest.Read(ref r, v).Write),
        ApiKey.SyncGroup => (new SyncGroupRequest("group-1", 3, "member-1", "instance-1", null, null, [new("member-1", [1]), new("member-2", [])]).Write, (ref KafkaReader r, short v) => SyncGroupRequest.Read(ref r, v).Write),
        ApiKey.Heartbeat => (new HeartbeatRequest("group-1", 3, "member-1", "instance-1").Write, (ref KafkaReader r, short v) => HeartbeatRequest.Read(ref r, v).Write),
        ApiKey.LeaveGroup => (new LeaveGroupRequest("group-1", [new("member-1", null)]).Write, (ref KafkaReader r, short v) => LeaveGroupRequest.Read(ref r, v).Write),
        ApiKey.OffsetCommit => (new OffsetCommitRequest("group-1", 3, "member-1", "instance-1", 1000, [new("orders", [new(0, 42, 5, "meta"), new(1, 7, -1, null)])]).Write, (ref KafkaReader r, short v) => OffsetCommitRequest.Read(ref r, v).Write),
        ApiKey.OffsetFetch => (new OffsetFetchRequest("group-1", [new("orders", [0, 1])], true).Write, (ref KafkaReader r, short v) => OffsetFetchRequest.Read(ref r, v).Write),
        ApiKey.OffsetDelete => (new OffsetDeleteRequest("group-1", [new("orders", [0, 1])]).Write, (ref KafkaReader r, short v) => OffsetDeleteRequest.Read(ref r, v).Write),
        ApiKey.DescribeGroups => (new DescribeGroupsRequest(["group-1", "group-2"], true).Write, (ref KafkaReader r, short v) => DescribeGroupsRequest.Read(ref r, v).Write),
        ApiKey.ListGroups => (new ListGroupsRequest(["Stable"], ["classic"]).Write, (ref KafkaReader r, short v) => ListGroupsRequest.Read(ref r, v).Write),
        ApiKey.DeleteGroups => (new DeleteGroupsRequest(["group-1", "group-2"]).Write, (ref KafkaReader r, short v) => DeleteGroupsRequest.Read(ref r, v).Write),
        ApiKey.InitProducerId => (new InitProducerIdRequest(null, 60000, 17, 2).Write, (ref KafkaReader r, short v) => InitProducerIdRequest.Read(ref r, v).Write),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "no sample request: add one for every API in ApiRegistry"),
    };

    public static (Action<KafkaWriter, short> Write, MessageReader<Action<KafkaWriter, short>> Read) Response(ApiKey key) => key switch
    {
        ApiKey.ApiVersions => (new ApiVersionsResponse(ErrorCode.None, ApiRegistry.All, 7).Write, (ref KafkaReader r, short v) => ApiVersionsResponse.Read(ref r, v).Write),
        ApiKey.Metadata => (new MetadataResponse([new(1, "localhost", 9092, "rack")], "cluster-1", 1, [new(ErrorCode.None, "orders", Guid.NewGuid(), false, [new(ErrorCode.None, 0, 1, -1, [1], [1], [])], 8), new(ErrorCode.UnknownTopicOrPartition, "nope", Guid.Empty, false, [])], 3).Write, (ref KafkaReader r, short v) => MetadataResponse.Read(ref r, v).Write),
        ApiKey.Produce => (new ProduceResponse([new("orders", [new(0, ErrorCode.None, 42, -1, 0), new(1, ErrorCode.CorruptMessage, -1, -1, 0, "bad crc")])], 5).Write, (ref KafkaReader r, short v) => ProduceResponse.Read(ref r, v).Write),
        ApiKey.Fetch => (new FetchResponse(ErrorCode.None, 0, [new("orders", [new(0, ErrorCode.None, 2, 2, 0, -1, Batch), new(1, ErrorCode.OffsetOutOfRange, 0, 0, 0, -1, ReadOnlyMemory<byte>.Empty)])], 4).Write, (ref KafkaReader r, short v) => FetchResponse.Read(ref r, v).Write),
        ApiKey.ListOffsets => (new ListOffsetsResponse([new("orders", [new(0, ErrorCode.None, 1700000000000, 12), new(1, ErrorCode.UnknownTopicOrPartition, -1, -1)])], 2).Write, (ref KafkaReader r, short v) => ListOffsetsResponse.Read(ref r, v).Write),
        ApiKey.CreateTopics => (new CreateTopicsResponse([new("orders", ErrorCode.None, null), new("big", ErrorCode.InvalidReplicationFactor, "single node")], 1).Write, (ref KafkaReader r, short v) => CreateTopicsResponse.Read(ref r, v).Write),
        ApiKey.DeleteTopics => (new DeleteTopicsResponse([new("orders", ErrorCode.None), new("nope", ErrorCode.UnknownTopicOrPartition)], 1).Write, (ref KafkaReader r, short v) => DeleteTopicsResponse.Read(ref r, v).Write),
        ApiKey.CreatePartitions => (new CreatePartitionsResponse([new("orders", ErrorCode.None, null), new("clicks", ErrorCode.InvalidPartitions, "too few")], 1).Write, (ref KafkaReader r, short v) => CreatePartitionsResponse.Read(ref r, v).Write),
        ApiKey.DescribeConfigs => (new DescribeConfigsResponse([new(ErrorCode.None, null, 2, "orders", [new("retention.ms", "1000", false, 1, false), new("cleanup.policy", "delete", false, 5, false)])], 1).Write, (ref KafkaReader r, short v) => DescribeConfigsResponse.Read(ref r, v).Write),
        ApiKey.DescribeCluster => (new DescribeClusterResponse(ErrorCode.None, null, 1, "cluster-1", 1, [new(1, "localhost", 9092)], 2).Write, (ref KafkaReader r, short v) => DescribeClusterResponse.Read(ref r, v).Write),
        ApiKey.DeleteRecords => (new DeleteRecordsResponse([new("orders", [new(0, 10, ErrorCode.None), new(1, -1, ErrorCode.OffsetOutOfRange)])], 1).Write, (ref KafkaReader r, short v) => DeleteRecordsResponse.Read(ref r, v).Write),
        ApiKey.FindCoordinator => (new FindCoordinatorResponse(ErrorCode.None, "ok", 1, "localhost", 9092, 3).Write, (ref KafkaReader r, short v) => FindCoordinatorResponse.Read(ref r, v).Write),
        ApiKey.JoinGroup => (new JoinGroupResponse(ErrorCode.None, 3, "consumer", "range", "member-1", "member-2", [new("member-1", "instance-1", [1, 2]), new("member-2", null, [])], false, 4).Write, (ref KafkaReader r, short v) => JoinGroupResponse.Read(ref r, v).Write),
        ApiKey.SyncGroup => (new SyncGroupResponse(ErrorCode.None, "consumer", "range", [0, 1, 2], 4).Write, (ref KafkaReader r, short v) => SyncGroupResponse.Read(ref r, v).Write),
        ApiKey.Heartbeat => (new HeartbeatResponse(ErrorCode.RebalanceInProgress, 4).Write, (ref KafkaReader r, short v) => HeartbeatResponse.Read(ref r, v).Write),
        ApiKey.LeaveGroup => (new LeaveGroupResponse(ErrorCode.None, [new("member-1", null, ErrorCode.None), new("", "instance-1", ErrorCode.UnknownMemberId)], 4).Write, (ref KafkaReader r, short v) => LeaveGroupResponse.Read(ref r, v).Write),
        ApiKey.OffsetCommit => (new OffsetCommitResponse([new("orders", [new(0, ErrorCode.None), new(1, ErrorCode.OffsetMetadataTooLarge)])], 4).Write, (ref KafkaReader r, short v) => OffsetCommitResponse.Read(ref r, v).Write),
        ApiKey.OffsetFetch => (new OffsetFetchResponse([new("orders", [new(0, 42, 5, "meta", ErrorCode.None), new(1, -1, -1, "", ErrorCode.None)])], ErrorCode.None, 4).Write, (ref KafkaReader r, short v) => OffsetFetchResponse.Read(ref r, v).Write),
        ApiKey.OffsetDelete => (new OffsetDeleteResponse(ErrorCode.None, [new("orders", [new(0, ErrorCode.GroupSubscribedToTopic)])], 4).Write, (ref KafkaReader r, short v) => OffsetDeleteResponse.Read(ref r, v).Write),
        ApiKey.DescribeGroups => (new DescribeGroupsResponse([new(ErrorCode.None, "group-1", "Stable", "consumer", "range", [new("member-1", "instance-1", "client", "/127.0.0.1", [1], [2])], 328)], 4).Write, (ref KafkaReader r, short v) => DescribeGroupsResponse.Read(ref r, v).Write),
        ApiKey.ListGroups => (new ListGroupsResponse(ErrorCode.None, [new("group-1", "consumer", "Stable")], 4).Write, (ref KafkaReader r, short v) => ListGroupsResponse.Read(ref r, v).Write),
        ApiKey.DeleteGroups => (new DeleteGroupsResponse([new("group-1", ErrorCode.None), new("group-2", ErrorCode.NonEmptyGroup)], 4).Write, (ref KafkaReader r, short v) => DeleteGroupsResponse.Read(ref r, v).Write),
        ApiKey.InitProducerId => (new InitProducerIdResponse(ErrorCode.None, 1000, 0, 4).Write, (ref KafkaReader r, short v) => InitProducerIdResponse.Read(ref r, v).Write),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "no sample response: add one for every API in ApiRegistry"),
    };

    public static TheoryData<ApiKey, short> EveryRegisteredVersion()
    {
        var data = new TheoryData<ApiKey, short>();
        foreach (var api in ApiRegistry.All)
        {
            for (var v = api.MinVersion; v <= api.MaxVersion; v++)
            {
                data.Add(api.Key, v);
            }
        }

        return data;
    }
}
