using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Protocol;
using Kpipe.Broker.Tests.Server;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>
/// The group session kafka-python 2.0.x runs (FindCoordinator v0, JoinGroup v2 without MEMBER_ID_REQUIRED,
/// SyncGroup v1, Heartbeat v1, OffsetCommit v2, OffsetFetch v1, LeaveGroup v1), spoken byte for byte over a socket.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LegacyGroupProtocolTests : IAsyncLifetime
{
    private TestBroker _host = null!;

    public async Task InitializeAsync() => _host = await TestBroker.StartAsync(TestBroker.ForClients);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_v0_to_v2_client_joins_syncs_heartbeats_commits_fetches_and_leaves()
    {
        using var peer = await RawPeer.ConnectAsync(_host.EndPoint);
        var coordinator = await CallAsync(peer, ApiKey.FindCoordinator, 0, new FindCoordinatorApi.Request("legacy").Write, FindCoordinatorApi.Response.Read);
        Assert.Equal((ErrorCode.None, _host.EndPoint.Port), (coordinator.ErrorCode, coordinator.Port));

        var join = await CallAsync(peer, ApiKey.JoinGroup, 2,
            new JoinGroupApi.Request("legacy", 10000, 10000, "", null, "consumer", [new("range", GroupTestContext.Subscription("t"))]).Write, JoinGroupApi.Response.Read);
        Assert.Equal((ErrorCode.None, 1, "range"), (join.ErrorCode, join.GenerationId, join.ProtocolName));
        Assert.Equal(join.MemberId, join.Leader);
        Assert.Equal(join.MemberId, Assert.Single(join.Members).MemberId);

        var sync = await CallAsync(peer, ApiKey.SyncGroup, 1,
            new SyncGroupApi.Request("legacy", join.GenerationId, join.MemberId, null, null, null, [new(join.MemberId, [7, 7])]).Write, SyncGroupApi.Response.Read);
        Assert.Equal(ErrorCode.None, sync.ErrorCode);
        Assert.Equal([7, 7], sync.Assignment);

        var heartbeat = await CallAsync(peer, ApiKey.Heartbeat, 1, new HeartbeatApi.Request("legacy", join.GenerationId, join.MemberId, null).Write, HeartbeatApi.Response.Read);
        Assert.Equal(ErrorCode.None, heartbeat.ErrorCode);

        var commit = await CallAsync(peer, ApiKey.OffsetCommit, 2,
            new OffsetCommitApi.Request("legacy", join.GenerationId, join.MemberId, null, -1, [new("t", [new(0, 42, -1, "m")])]).Write, OffsetCommitApi.Response.Read);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, commit.Topics[0].Partitions[0].ErrorCode);
        _host.Broker.Topics.CreateTopic("t", 1, 1, new Dictionary<string, string?>(), validateOnly: false);
        commit = await CallAsync(peer, ApiKey.OffsetCommit, 2,
            new OffsetCommitApi.Request("legacy", join.GenerationId, join.MemberId, null, -1, [new("t", [new(0, 42, -1, "m")])]).Write, OffsetCommitApi.Response.Read);
        Assert.Equal(ErrorCode.None, commit.Topics[0].Partitions[0].ErrorCode);

        var fetch = await CallAsync(peer, ApiKey.OffsetFetch, 1, new OffsetFetchApi.Request("legacy", [new("t", [0])]).Write, OffsetFetchApi.Response.Read);
        Assert.Equal((42L, "m"), (fetch.Topics[0].Partitions[0].CommittedOffset, fetch.Topics[0].Partitions[0].Metadata));

        var leave = await CallAsync(peer, ApiKey.LeaveGroup, 1, new LeaveGroupApi.Request("legacy", [new(join.MemberId, null)]).Write, LeaveGroupApi.Response.Read);
        Assert.Equal(ErrorCode.None, leave.ErrorCode);
        var described = await CallAsync(peer, ApiKey.DescribeGroups, 0, new DescribeGroupsApi.Request(["legacy"]).Write, DescribeGroupsApi.Response.Read);
        Assert.Equal("Empty", Assert.Single(described.Groups).GroupState);
    }

    private static async Task<T> CallAsync<T>(RawPeer peer, ApiKey key, short version, Action<KafkaWriter, short> write, MessageReader<T> read)
    {
        await peer.SendAsync(RawPeer.Frame(key, version, 1, write));
        var (_, body) = await peer.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var reader = new KafkaReader(body);
        var response = read(ref reader, version);
        Assert.False(reader.Failed, $"{key} v{version} response did not decode");
        return response;
    }
}
