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
