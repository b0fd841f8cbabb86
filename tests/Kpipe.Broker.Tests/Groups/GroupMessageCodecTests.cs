using System.Text.Json;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

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
                RoundTrip(new FindCoordinatorRequest("group"), version, (w, v, m) => m.Write(w, v), FindCoordinatorRequest.Read);
                RoundTrip(new FindCoordinatorResponse(ErrorCode.None, version >= 1 ? "msg" : null, 1, "localhost", 9092, version >= 1 ? 5 : 0), version, (w, v, m) => m.Write(w, v), FindCoordinatorResponse.Read);
                break;
            case ApiKey.JoinGroup:
                RoundTrip(new JoinGroupRequest("g", 30000, version >= 1 ? 60000 : -1, "m-1", version >= 5 ? "instance" : null, "consumer",
                    [new JoinGroupRequest.Protocol("range", [1, 2, 3]), new JoinGroupRequest.Protocol("cooperative-sticky", [])]), version, (w, v, m) => m.Write(w, v), JoinGroupRequest.Read);
                RoundTrip(new JoinGroupResponse(ErrorCode.None, 3, null, "range", "m-1", "m-2",
                    [new JoinGroupResponse.Member("m-1", version >= 5 ? "instance" : null, [9])], ThrottleTimeMs: version >= 2 ? 7 : 0), version, (w, v, m) => m.Write(w, v), JoinGroupResponse.Read);
                break;
            case ApiKey.SyncGroup:
                RoundTrip(new SyncGroupRequest("g", 3, "m-1", version >= 3 ? "instance" : null, null, null,
                    [new SyncGroupRequest.Assignment("m-1", [1]), new SyncGroupRequest.Assignment("m-2", [])]), version, (w, v, m) => m.Write(w, v), SyncGroupRequest.Read);
                RoundTrip(new SyncGroupResponse(ErrorCode.RebalanceInProgress, null, null, [4, 5], version >= 1 ? 2 : 0), version, (w, v, m) => m.Write(w, v), SyncGroupResponse.Read);
                break;
            case ApiKey.Heartbeat:
                RoundTrip(new HeartbeatRequest("g", 3, "m-1", version >= 3 ? "instance" : null), version, (w, v, m) => m.Write(w, v), HeartbeatRequest.Read);
                RoundTrip(new HeartbeatResponse(ErrorCode.IllegalGeneration, version >= 1 ? 1 : 0), version, (w, v, m) => m.Write(w, v), HeartbeatResponse.Read);
                break;
            case ApiKey.LeaveGroup:
                RoundTrip(version >= 3
                    ? new LeaveGroupRequest("g", [new LeaveGroupRequest.Member("m-1", null), new LeaveGroupRequest.Member("", "instance")])
                    : new LeaveGroupRequest("g", [new LeaveGroupRequest.Member("m-1", null)]), version, (w, v, m) => m.Write(w, v), LeaveGroupRequest.Read);
                RoundTrip(new LeaveGroupResponse(ErrorCode.None, version >= 3 ? [new LeaveGroupResponse.Member("m-1", null, ErrorCode.UnknownMemberId)] : [], version >= 1 ? 3 : 0),
                    version, (w, v, m) => m.Write(w, v), LeaveGroupResponse.Read);
                break;
            case ApiKey.OffsetCommit:
                RoundTrip(new OffsetCommitRequest("g", 3, "m-1", version >= 7 ? "instance" : null, version <= 4 ? 1000 : -1,
                    [new OffsetCommitRequest.Topic("t", [new OffsetCommitRequest.Partition(0, 42, version >= 6 ? 5 : -1, "meta"), new OffsetCommitRequest.Partition(1, 7, -1, null)])]),
                    version, (w, v, m) => m.Write(w, v), OffsetCommitRequest.Read);
                RoundTrip(new OffsetCommitResponse([new OffsetCommitResponse.Topic("t", [new OffsetCommitResponse.Partition(0, ErrorCode.OffsetMetadataTooLarge)])], version >= 3 ? 4 : 0),
                    version, (w, v, m) => m.Write(w, v), OffsetCommitResponse.Read);
                break;
            case ApiKey.OffsetFetch:
                RoundTrip(new OffsetFetchRequest("g", [new OffsetFetchRequest.Topic("t", [0, 1])], version >= 7), version, (w, v, m) => m.Write(w, v), OffsetFetchRequest.Read);
                if (version >= 2)
                {
                    RoundTrip(new OffsetFetchRequest("g", null), version, (w, v, m) => m.Write(w, v), OffsetFetchRequest.Read);
                }

                RoundTrip(new OffsetFetchResponse([new OffsetFetchResponse.Topic("t", [new OffsetFetchResponse.Partition(0, -1, version >= 5 ? 2 : -1, "", ErrorCode.None)])],
                    version >= 2 ? ErrorCode.CoordinatorNotAvailable : ErrorCode.None, version >= 3 ? 1 : 0), version, (w, v, m) => m.Write(w, v), OffsetFetchResponse.Read);
                break;
            case ApiKey.OffsetDelete:
                RoundTrip(new OffsetDeleteRequest("g", [new OffsetDeleteRequest.Topic("t", [0, 3])]), version, (w, v, m) => m.Write(w, v), OffsetDeleteRequest.Read);
                RoundTrip(new OffsetDeleteResponse(ErrorCode.None, [new OffsetDeleteResponse.Topic("t", [new OffsetDeleteResponse.Partition(0, ErrorCode.GroupSubscribedToTopic)])]),
                    version, (w, v, m) => m.Write(w, v), OffsetDeleteResponse.Read);
                break;
            case ApiKey.DescribeGroups:
                RoundTrip(new DescribeGroupsRequest(["a", "b"], version >= 3), version, (w, v, m) => m.Write(w, v), DescribeGroupsRequest.Read);
                RoundTrip(new DescribeGroupsResponse([new DescribeGroupsResponse.Group(ErrorCode.None, "a", "Stable", "consumer", "range",
                    [new DescribeGroupsResponse.Member("m-1", version >= 4 ? "instance" : null, "client", "/127.0.0.1", [1], [2])],
                    version >= 3 ? 328 : DescribeGroupsResponse.OperationsNotRequested)], version >= 1 ? 1 : 0), version, (w, v, m) => m.Write(w, v), DescribeGroupsResponse.Read);
                break;
            case ApiKey.ListGroups:
                RoundTrip(new ListGroupsRequest(version >= 4 ? ["Stable"] : [], version >= 5 ? ["classic"] : []), version, (w, v, m) => m.Write(w, v), ListGroupsRequest.Read);
                RoundTrip(new ListGroupsResponse(ErrorCode.None, [new ListGroupsResponse.Group("a", "consumer", version >= 4 ? "Stable" : "")], version >= 1 ? 1 : 0),
                    version, (w, v, m) => m.Write(w, v), ListGroupsResponse.Read);
                break;
            case ApiKey.DeleteGroups:
                RoundTrip(new DeleteGroupsRequest(["a", "b"]), version, (w, v, m) => m.Write(w, v), DeleteGroupsRequest.Read);
                RoundTrip(new DeleteGroupsResponse([new DeleteGroupsResponse.Result("a", ErrorCode.NonEmptyGroup)], 3), version, (w, v, m) => m.Write(w, v), DeleteGroupsResponse.Read);
                break;
            case ApiKey.InitProducerId:
                RoundTrip(new InitProducerIdRequest(null, 60000, version >= 3 ? 17 : -1, version >= 3 ? (short)2 : (short)-1), version, (w, v, m) => m.Write(w, v), InitProducerIdRequest.Read);
                RoundTrip(new InitProducerIdResponse(ErrorCode.None, 1000, 0, 2), version, (w, v, m) => m.Write(w, v), InitProducerIdResponse.Read);
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

        Assert.Equal(expected, Write((w, v) => new HeartbeatRequest("g", 5, "m", "i").Write(w, v), 3));
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

        Assert.Equal(expected, Write((w, v) => new JoinGroupResponse(ErrorCode.None, 1, "consumer", "range", "m", "m", [new JoinGroupResponse.Member("m", null, [7])]).Write(w, v), 5));
    }

    [Fact]
    public void OffsetFetch_v1_refuses_a_null_topic_list()
    {
        var bytes = Write((w, v) => new OffsetFetchRequest("g", null).Write(w, v), 2);
        var reader = new KafkaReader(bytes);

        OffsetFetchRequest.Read(ref reader, 1);

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
