using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

[Trait("Category", "Unit")]
public sealed class ApiRegistryTests
{
    [Fact]
    public void Advertised_ranges_match_the_compatibility_table()
    {
        var expected = new Dictionary<ApiKey, (short Min, short Max, short Flex)>
        {
            [ApiKey.Produce] = (3, 9, 9),
            [ApiKey.Fetch] = (4, 12, 12),
            [ApiKey.ListOffsets] = (0, 7, 6),
            [ApiKey.Metadata] = (0, 12, 9),
            [ApiKey.ApiVersions] = (0, 3, 3),
            [ApiKey.CreateTopics] = (3, 4, 5),
            [ApiKey.DeleteTopics] = (1, 4, 4),
            [ApiKey.DeleteRecords] = (0, 2, 2),
            [ApiKey.OffsetForLeaderEpoch] = (2, 4, 4),
            [ApiKey.DescribeConfigs] = (1, 4, 4),
            [ApiKey.AlterConfigs] = (0, 2, 2),
            [ApiKey.IncrementalAlterConfigs] = (0, 1, 1),
            [ApiKey.DescribeUserScramCredentials] = (0, 0, 0),
            [ApiKey.AlterUserScramCredentials] = (0, 0, 0),
            [ApiKey.CreatePartitions] = (0, 2, 2),
            [ApiKey.DescribeCluster] = (0, 1, 0),
            [ApiKey.DescribeTransactions] = (0, 0, 0),
            [ApiKey.ListTransactions] = (0, 1, 0),
            [ApiKey.FindCoordinator] = (0, 2, 3),
            [ApiKey.JoinGroup] = (0, 5, 6),
            [ApiKey.SyncGroup] = (0, 3, 4),
            [ApiKey.Heartbeat] = (0, 3, 4),
            [ApiKey.LeaveGroup] = (0, 3, 4),
            [ApiKey.OffsetCommit] = (2, 8, 8),
            [ApiKey.OffsetFetch] = (1, 7, 6),
            [ApiKey.DescribeGroups] = (0, 5, 5),
            [ApiKey.ListGroups] = (0, 5, 3),
            [ApiKey.DeleteGroups] = (0, 2, 2),
            [ApiKey.InitProducerId] = (0, 4, 2),
            [ApiKey.AddPartitionsToTxn] = (0, 3, 3),
            [ApiKey.AddOffsetsToTxn] = (0, 3, 3),
            [ApiKey.EndTxn] = (0, 3, 3),
            [ApiKey.TxnOffsetCommit] = (0, 3, 3),
            [ApiKey.OffsetDelete] = (0, 0, short.MaxValue),
            [ApiKey.SaslHandshake] = (0, 1, short.MaxValue),
            [ApiKey.SaslAuthenticate] = (0, 2, 2),
            [ApiKey.DescribeAcls] = (0, 3, 2),
            [ApiKey.CreateAcls] = (0, 3, 2),
            [ApiKey.DeleteAcls] = (0, 3, 2),
        };
        Assert.Equal(expected.Count, ApiRegistry.All.Count);
        foreach (var api in ApiRegistry.All)
        {
            Assert.Equal(expected[api.Key], (api.MinVersion, api.MaxVersion, api.FlexibleFrom));
        }
    }

    [Fact]
    public void ApiVersions_response_advertises_exactly_the_registry()
    {
        using var writer = new KafkaWriter();
        new ApiVersionsApi.Response(ErrorCode.None, ApiRegistry.All).Write(writer, 3);
        var reader = new KafkaReader(writer.WrittenMemory);
        var decoded = ApiVersionsApi.Response.Read(ref reader, 3);
        Assert.Equal(
            ApiRegistry.All.Select(a => (a.Key, a.MinVersion, a.MaxVersion)),
            decoded.ApiKeys.Select(a => (a.Key, a.MinVersion, a.MaxVersion)));
    }

    public static TheoryData<ApiKey, short> Versions => SampleMessages.EveryRegisteredVersion();

    [Theory]
    [MemberData(nameof(Versions))]
    public void TryDecodeRequest_reads_every_served_version_into_its_apis_request_type(ApiKey key, short version)
    {
        var (write, _) = SampleMessages.Request(key);
        using var writer = new KafkaWriter();
        write(writer, version);
        Assert.True(ApiRegistry.TryDecodeRequest(key, version, writer.WrittenMemory.ToArray(), out var request));
        Assert.Equal($"{key}Api", request.GetType().DeclaringType!.Name);
        Assert.Equal("Request", request.GetType().Name);
        if (writer.Length > 0)
        {
            Assert.False(ApiRegistry.TryDecodeRequest(key, version, writer.WrittenMemory[..^1].ToArray(), out _));
        }
    }

    [Fact]
    public void TryDecodeRequest_refuses_a_version_outside_the_registry()
    {
        Assert.False(ApiRegistry.TryDecodeRequest(ApiKey.Fetch, 13, new byte[64], out _));
        Assert.False(ApiRegistry.TryDecodeRequest((ApiKey)999, 0, new byte[64], out _));
    }

    [Fact]
    public void Each_api_key_appears_once()
    {
        Assert.Equal(ApiRegistry.All.Count, ApiRegistry.All.Select(a => a.Key).Distinct().Count());
    }

    [Theory]
    [InlineData(ApiKey.ApiVersions, 4, true)]
    [InlineData(ApiKey.ApiVersions, 2, false)]
    [InlineData(ApiKey.Fetch, 12, true)]
    [InlineData(ApiKey.Fetch, 11, false)]
    [InlineData(ApiKey.DescribeCluster, 0, true)]
    public void Request_header_is_v2_exactly_for_flexible_versions(ApiKey key, short version, bool flexible)
    {
        Assert.Equal(flexible, ApiRegistry.IsFlexibleRequest(key, version));
    }
}
