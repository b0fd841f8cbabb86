using System.Text.Json;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Protocol;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>Every group, offset and producer-id message survives a write and read at every served version; a few are pinned to Kafka's bytes.</summary>
[Trait("Category", "Unit")]
public sealed class GroupMessageCodecTests
{
    public static TheoryData<ApiKey, short> ServedVersions()
    {
        var data = new TheoryData<ApiKey, short>();
        foreach (var key in new[]
                 {
                     ApiKey.FindCoordinator, ApiKey.JoinGroup, ApiKey.SyncGroup, ApiKey.Heartbeat, ApiKey.LeaveGroup, ApiKey.OffsetCommit,
                     ApiKey.OffsetFetch, ApiKey.OffsetDelete, ApiKey.DescribeGroups, ApiKey.ListGroups, ApiKey.DeleteGroups, ApiKey.InitProducerId,
                 })
        {
            Assert.True(ApiRegistry.TryGet(key, out var range), $"{key} is not registered");
            for (var version = range.MinVersion; version <= range.MaxVersion; version++)
            {
                data.Add(key, version);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ServedVersions))]
    public void Requests_and_responses_round_trip(ApiKey key, short version)
    {
        switch (key)
        {
            case ApiKey.FindCoordinator:
                RoundTrip(new FindCoordinatorApi.Request("group"), version, (w, v, m) => m.Write(w, v), FindCoordinatorApi.Request.Read);
                RoundTrip(new FindCoordinatorApi.Response(ErrorCode.None, version >= 1 ? "msg" : null, 1, "localhost", 9092, version >= 1 ? 5 : 0), version, (w, v, m) => m.Write(w, v), FindCoordinatorApi.Response.Read);
                break;
            case ApiKey.JoinGroup:
                RoundTrip(new JoinGroupApi.Request("g", 30000, version >= 1 ? 60000 : -1, "m-1", version >= 5 ? "instance" : null, "consumer",
                    [new JoinGroupApi.Request.Protocol("range", [1, 2, 3]), new JoinGroupApi.Request.Protocol("cooperative-sticky", [])]), version, (w, v, m) => m.Write(w, v), JoinGroupApi.Request.Read);
                RoundTrip(new JoinGroupApi.Response(ErrorCode.None, 3, null, "range", "m-1", "m-2",
                    [new JoinGroupApi.Response.Member("m-1", version >= 5 ? "instance" : null, [9])], ThrottleTimeMs: version >= 2 ? 7 : 0), version, (w, v, m) => m.Write(w, v), JoinGroupApi.Response.Read);
                break;
            case ApiKey.SyncGroup:
                RoundTrip(new SyncGroupApi.Request("g", 3, "m-1", version >= 3 ? "instance" : null, null, null,
                    [new SyncGroupApi.Request.Assignment("m-1", [1]), new SyncGroupApi.Request.Assignment("m-2", [])]), version, (w, v, m) => m.Write(w, v), SyncGroupApi.Request.Read);
                RoundTrip(new SyncGroupApi.Response(ErrorCode.RebalanceInProgress, null, null, [4, 5], version >= 1 ? 2 : 0), version, (w, v, m) => m.Write(w, v), SyncGroupApi.Response.Read);
                break;
            case ApiKey.Heartbeat:
                RoundTrip(new HeartbeatApi.Request("g", 3, "m-1", version >= 3 ? "instance" : null), version, (w, v, m) => m.Write(w, v), HeartbeatApi.Request.Read);
                RoundTrip(new HeartbeatApi.Response(ErrorCode.IllegalGeneration, version >= 1 ? 1 : 0), version, (w, v, m) => m.Write(w, v), HeartbeatApi.Response.Read);
                break;
            case ApiKey.LeaveGroup:
                RoundTrip(version >= 3
                    ? new LeaveGroupApi.Request("g", [new LeaveGroupApi.Request.Member("m-1", null), new LeaveGroupApi.Request.Member("", "instance")])
                    : new LeaveGroupApi.Request("g", [new LeaveGroupApi.Request.Member("m-1", null)]), version, (w, v, m) => m.Write(w, v), LeaveGroupApi.Request.Read);
                RoundTrip(new LeaveGroupApi.Response(ErrorCode.None, version >= 3 ? [new LeaveGroupApi.Response.Member("m-1", null, ErrorCode.UnknownMemberId)] : [], version >= 1 ? 3 : 0),
                    version, (w, v, m) => m.Write(w, v), LeaveGroupApi.Response.Read);
                break;
            case ApiKey.OffsetCommit:
                RoundTrip(new OffsetCommitApi.Request("g", 3, "m-1", version >= 7 ? "instance" : null, version <= 4 ? 1000 : -1,
                    [new TopicData<OffsetCommitApi.Request.Partition>("t", [new OffsetCommitApi.Request.Partition(0, 42, version >= 6 ? 5 : -1, "meta"), new OffsetCommitApi.Request.Partition(1, 7, -1, null)])]),
                    version, (w, v, m) => m.Write(w, v), OffsetCommitApi.Request.Read);
                RoundTrip(new OffsetCommitApi.Response([new TopicData<OffsetCommitApi.Response.Partition>("t", [new OffsetCommitApi.Response.Partition(0, ErrorCode.OffsetMetadataTooLarge)])], version >= 3 ? 4 : 0),
                    version, (w, v, m) => m.Write(w, v), OffsetCommitApi.Response.Read);
                break;
            case ApiKey.OffsetFetch:
                RoundTrip(new OffsetFetchApi.Request("g", [new OffsetFetchApi.Request.Topic("t", [0, 1])], version >= 7), version, (w, v, m) => m.Write(w, v), OffsetFetchApi.Request.Read);
                if (version >= 2)
                {
                    RoundTrip(new OffsetFetchApi.Request("g", null), version, (w, v, m) => m.Write(w, v), OffsetFetchApi.Request.Read);
                }

                RoundTrip(new OffsetFetchApi.Response([new TopicData<OffsetFetchApi.Response.Partition>("t", [new OffsetFetchApi.Response.Partition(0, -1, version >= 5 ? 2 : -1, "", ErrorCode.None)])],
                    version >= 2 ? ErrorCode.CoordinatorNotAvailable : ErrorCode.None, version >= 3 ? 1 : 0), version, (w, v, m) => m.Write(w, v), OffsetFetchApi.Response.Read);
                break;
            case ApiKey.OffsetDelete:
                RoundTrip(new OffsetDeleteApi.Request("g", [new OffsetDeleteApi.Request.Topic("t", [0, 3])]), version, (w, v, m) => m.Write(w, v), OffsetDeleteApi.Request.Read);
                RoundTrip(new OffsetDeleteApi.Response(ErrorCode.None, [new TopicData<OffsetDeleteApi.Response.Partition>("t", [new OffsetDeleteApi.Response.Partition(0, ErrorCode.GroupSubscribedToTopic)])]),
                    version, (w, v, m) => m.Write(w, v), OffsetDeleteApi.Response.Read);
                break;
            case ApiKey.DescribeGroups:
                RoundTrip(new DescribeGroupsApi.Request(["a", "b"], version >= 3), version, (w, v, m) => m.Write(w, v), DescribeGroupsApi.Request.Read);
                RoundTrip(new DescribeGroupsApi.Response([new DescribeGroupsApi.Response.Group(ErrorCode.None, "a", "Stable", "consumer", "range",
                    [new DescribeGroupsApi.Response.Member("m-1", version >= 4 ? "instance" : null, "client", "/127.0.0.1", [1], [2])],
                    version >= 3 ? 328 : DescribeGroupsApi.Response.OperationsNotRequested)], version >= 1 ? 1 : 0), version, (w, v, m) => m.Write(w, v), DescribeGroupsApi.Response.Read);
                break;
            case ApiKey.ListGroups:
                RoundTrip(new ListGroupsApi.Request(version >= 4 ? ["Stable"] : [], version >= 5 ? ["classic"] : []), version, (w, v, m) => m.Write(w, v), ListGroupsApi.Request.Read);
                RoundTrip(new ListGroupsApi.Response(ErrorCode.None, [new ListGroupsApi.Response.Group("a", "consumer", version >= 4 ? "Stable" : "")], version >= 1 ? 1 : 0),
                    version, (w, v, m) => m.Write(w, v), ListGroupsApi.Response.Read);
                break;
            case ApiKey.DeleteGroups:
                RoundTrip(new DeleteGroupsApi.Request(["a", "b"]), version, (w, v, m) => m.Write(w, v), DeleteGroupsApi.Request.Read);
                RoundTrip(new DeleteGroupsApi.Response([new DeleteGroupsApi.Response.Result("a", ErrorCode.NonEmptyGroup)], 3), version, (w, v, m) => m.Write(w, v), DeleteGroupsApi.Response.Read);
                break;
            case ApiKey.InitProducerId:
                RoundTrip(new InitProducerIdApi.Request(null, 60000, version >= 3 ? 17 : -1, version >= 3 ? (short)2 : (short)-1), version, (w, v, m) => m.Write(w, v), InitProducerIdApi.Request.Read);
                RoundTrip(new InitProducerIdApi.Response(ErrorCode.None, 1000, 0, 2), version, (w, v, m) => m.Write(w, v), InitProducerIdApi.Response.Read);
                break;
            default:
                Assert.Fail($"no round trip for {key}");
                break;
        }
    }

    [Fact]
    public void Heartbeat_v3_request_has_kafkas_bytes()
    {
        byte[] expected =
        [
            0, 1, (byte)'g', 0, 0, 0, 5, 0, 1, (byte)'m', 0, 1, (byte)'i',
        ];

        Assert.Equal(expected, Write((w, v) => new HeartbeatApi.Request("g", 5, "m", "i").Write(w, v), 3));
    }

    [Fact]
    public void JoinGroup_v5_response_has_kafkas_bytes()
    {
        byte[] expected =
        [
            0, 0, 0, 0, // throttle_time_ms
            0, 0, // error_code
            0, 0, 0, 1, // generation_id
            0, 5, (byte)'r', (byte)'a', (byte)'n', (byte)'g', (byte)'e', // protocol_name
            0, 1, (byte)'m', // leader
            0, 1, (byte)'m', // member_id
            0, 0, 0, 1, // members
            0, 1, (byte)'m', 0xff, 0xff, 0, 0, 0, 1, 7, // member_id, null group_instance_id, metadata
        ];

        Assert.Equal(expected, Write((w, v) => new JoinGroupApi.Response(ErrorCode.None, 1, "consumer", "range", "m", "m", [new JoinGroupApi.Response.Member("m", null, [7])]).Write(w, v), 5));
    }

    [Fact]
    public void OffsetFetch_v1_refuses_a_null_topic_list()
    {
        var bytes = Write((w, v) => new OffsetFetchApi.Request("g", null).Write(w, v), 2);
        var reader = new KafkaReader(bytes);

        OffsetFetchApi.Request.Read(ref reader, 1);

        Assert.True(reader.Failed);
    }

    private static byte[] Write(Action<KafkaWriter, short> write, short version)
    {
        using var writer = new KafkaWriter();
        write(writer, version);
        return writer.WrittenSpan.ToArray();
    }

    private static void RoundTrip<T>(T message, short version, Action<KafkaWriter, short, T> write, MessageReader<T> read)
    {
        var bytes = Write((w, v) => write(w, v, message), version);
        var reader = new KafkaReader(bytes);
        var decoded = read(ref reader, version);

        Assert.False(reader.Failed, $"{typeof(T).Name} v{version} did not decode");
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(JsonSerializer.Serialize(message), JsonSerializer.Serialize(decoded));
    }
}
