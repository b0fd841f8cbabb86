using Kpipe.Broker.Groups;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Groups;

[Trait("Category", "Unit")]
public sealed class GroupMembershipTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly GroupTestContext _context = new();

    private GroupCoordinator Coordinator => _context.Coordinator;

    [Fact]
    public async Task Join_v4_without_member_id_answers_member_id_required_with_a_client_id_based_id()
    {
        var result = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest());

        Assert.Equal(ErrorCode.MemberIdRequired, result.Error);
        Assert.StartsWith("client-", result.MemberId);
        Assert.True(Guid.TryParse(result.MemberId["client-".Length..], out _));
        Assert.Equal(GroupState.Empty, _context.Describe().State);
    }

    [Fact]
    public async Task Join_v3_without_member_id_joins_at_once_and_an_unknown_member_id_is_refused()
    {
        var join = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(requireKnownMemberId: false));
        _context.Time.Advance(_context.Options.InitialRebalanceDelay);
        var result = await join.WaitAsync(Wait);
        var unknown = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest("client-nobody", requireKnownMemberId: false));

        Assert.Equal(ErrorCode.None, result.Error);
        Assert.Equal(1, result.GenerationId);
        Assert.Equal(ErrorCode.UnknownMemberId, unknown.Error);
    }

    [Fact]
    public async Task First_rebalance_waits_the_initial_delay_then_the_first_member_leads_and_alone_gets_the_member_list()
    {
        var first = await _context.StartJoinAsync();
        var second = await _context.StartJoinAsync();
        _context.Time.Advance(_context.Options.InitialRebalanceDelay - TimeSpan.FromMilliseconds(1));
        Assert.False(first.IsCompleted);

        _context.EndInitialJoin([first, second]);
        var leader = await first.WaitAsync(Wait);
        var follower = await second.WaitAsync(Wait);

        Assert.Equal(ErrorCode.None, leader.Error);
        Assert.Equal(1, leader.GenerationId);
        Assert.Equal("range", leader.ProtocolName);
        Assert.Equal(leader.MemberId, leader.LeaderId);
        Assert.Equal(leader.MemberId, follower.LeaderId);
        Assert.Equal(2, leader.Members.Count);
        Assert.Empty(follower.Members);
        Assert.Equal(GroupState.CompletingRebalance, _context.Describe().State);
    }

    [Fact]
    public async Task Initial_delay_is_extended_while_new_members_keep_arriving()
    {
        var first = await _context.StartJoinAsync();
        _context.Time.Advance(TimeSpan.FromSeconds(2));
        var second = await _context.StartJoinAsync();
        _context.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(first.IsCompleted);

        _context.Time.Advance(_context.Options.InitialRebalanceDelay);
        Assert.Equal(2, (await first.WaitAsync(Wait)).Members.Count);
        Assert.Equal(ErrorCode.None, (await second.WaitAsync(Wait)).Error);
    }

    [Fact]
    public async Task SyncGroup_parks_followers_until_the_leader_sends_the_assignment()
    {
        var first = await _context.StartJoinAsync();
        var second = await _context.StartJoinAsync();
        _context.EndInitialJoin([first, second]);
        var leader = await first.WaitAsync(Wait);
        var follower = await second.WaitAsync(Wait);

        var followerSync = Coordinator.SyncGroupAsync(new SyncGroupCommand("g", 1, follower.MemberId, null, "consumer", "range", []));
        Assert.False(followerSync.IsCompleted);
        var leaderSync = await Coordinator.SyncGroupAsync(new SyncGroupCommand("g", 1, leader.MemberId, null, "consumer", "range",
            [new SyncGroupAssignment(leader.MemberId, [1]), new SyncGroupAssignment(follower.MemberId, [2])])).WaitAsync(Wait);

        Assert.Equal([1], leaderSync.Assignment);
        Assert.Equal([2], (await followerSync.WaitAsync(Wait)).Assignment);
        Assert.Equal(GroupState.Stable, _context.Describe().State);
        Assert.Equal("range", _context.Describe().Protocol);
    }

    [Fact]
    public async Task A_new_member_rebalances_a_stable_group_and_the_join_phase_ends_when_every_member_rejoined()
    {
        var members = await _context.StableGroupAsync(2);
        var newcomer = await _context.StartJoinAsync();

        Assert.Equal(GroupState.PreparingRebalance, _context.Describe().State);
        Assert.Equal(ErrorCode.RebalanceInProgress, _context.Heartbeat(members[0]));
        var rejoins = members.Select(m => Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(m.MemberId))).ToList();
        var results = await Task.WhenAll(rejoins.Append(newcomer)).WaitAsync(Wait);

        Assert.All(results, r => Assert.Equal(2, r.GenerationId));
        Assert.Equal(3, results.Single(r => r.MemberId == r.LeaderId).Members.Count);
        Assert.Equal(members[0].MemberId, results[0].LeaderId);
    }

    [Fact]
    public async Task A_member_that_heartbeats_but_does_not_rejoin_is_dropped_when_the_rebalance_timeout_expires()
    {
        var members = await _context.StableGroupAsync(2);
        var rejoin = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(members[0].MemberId));

        for (var elapsed = 0; elapsed < GroupTestContext.RebalanceTimeoutMs; elapsed += 5000)
        {
            Assert.False(rejoin.IsCompleted);
            Assert.Equal(ErrorCode.RebalanceInProgress, _context.Heartbeat(members[1]));
            _context.Time.Advance(TimeSpan.FromMilliseconds(5000));
        }

        var result = await rejoin.WaitAsync(Wait);
        Assert.Equal(2, result.GenerationId);
        Assert.Equal(members[0].MemberId, result.LeaderId);
        Assert.Single(result.Members);
        Assert.Equal(ErrorCode.UnknownMemberId, _context.Heartbeat(members[1]));
    }

    [Fact]
    public async Task A_member_without_heartbeats_is_expired_after_its_session_timeout_and_the_rest_rebalance()
    {
        var members = await _context.StableGroupAsync(2);
        for (var i = 0; i < 3; i++)
        {
            _context.Time.Advance(TimeSpan.FromMilliseconds(3000));
            Assert.Equal(ErrorCode.None, _context.Heartbeat(members[0]));
        }

        Assert.Equal(GroupState.Stable, _context.Describe().State);
        _context.Time.Advance(TimeSpan.FromMilliseconds(GroupTestContext.SessionTimeoutMs - 9000));

        Assert.Equal(GroupState.PreparingRebalance, _context.Describe().State);
        Assert.Single(_context.Describe().Members);
        Assert.Equal(ErrorCode.UnknownMemberId, _context.Heartbeat(members[1]));
        var rejoined = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(members[0].MemberId)).WaitAsync(Wait);
        Assert.Equal(2, rejoined.GenerationId);
    }

    [Fact]
    public async Task A_pending_member_that_never_rejoins_is_forgotten_after_its_session_timeout()
    {
        var pending = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest());
        _context.Time.Advance(TimeSpan.FromMilliseconds(GroupTestContext.SessionTimeoutMs));

        var late = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(pending.MemberId));

        Assert.Equal(ErrorCode.UnknownMemberId, late.Error);
    }

    [Fact]
    public async Task Leaving_rebalances_the_rest_and_a_second_leave_is_an_unknown_member()
    {
        var members = await _context.StableGroupAsync(2);

        var leave = Coordinator.LeaveGroup("g", [new LeaveGroupMember(members[1].MemberId, null)]);
        var again = Coordinator.LeaveGroup("g", [new LeaveGroupMember(members[1].MemberId, null)]);

        Assert.Equal(ErrorCode.None, leave.Members.Single().Error);
        Assert.Equal(ErrorCode.UnknownMemberId, again.Members.Single().Error);
        Assert.Equal(GroupState.PreparingRebalance, _context.Describe().State);
        var rejoined = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(members[0].MemberId)).WaitAsync(Wait);
        Assert.Equal(2, rejoined.GenerationId);
        Assert.Single(rejoined.Members);
    }

    [Fact]
    public async Task The_last_member_leaving_empties_the_group()
    {
        var members = await _context.StableGroupAsync(1);

        Coordinator.LeaveGroup("g", [new LeaveGroupMember(members[0].MemberId, null)]);

        Assert.Equal(GroupState.Empty, _context.Describe().State);
        Assert.Equal(ErrorCode.UnknownMemberId, _context.Heartbeat(members[0]));
    }

    [Fact]
    public async Task Requests_get_the_errors_of_each_state()
    {
        var members = await _context.StableGroupAsync(2);
        var stale = members[1] with { GenerationId = members[1].GenerationId - 1 };
        Assert.Equal(ErrorCode.IllegalGeneration, _context.Heartbeat(stale));

        var rejoin = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(members[0].MemberId));
        var sync = await Coordinator.SyncGroupAsync(new SyncGroupCommand("g", members[1].GenerationId, members[1].MemberId, null, null, null, []));
        Assert.Equal(ErrorCode.RebalanceInProgress, sync.Error);
        Assert.Equal(ErrorCode.UnknownMemberId, Coordinator.Heartbeat(new HeartbeatCommand("g", 1, "client-stranger", null)));
        Assert.Equal(ErrorCode.UnknownMemberId, Coordinator.Heartbeat(new HeartbeatCommand("no-such-group", 1, "m", null)));

        _context.Time.Advance(TimeSpan.FromMilliseconds(GroupTestContext.RebalanceTimeoutMs));
        var leader = await rejoin.WaitAsync(Wait);
        var wrongProtocol = await Coordinator.SyncGroupAsync(new SyncGroupCommand("g", leader.GenerationId, leader.MemberId, null, "consumer", "roundrobin", []));
        Assert.Equal(ErrorCode.InconsistentGroupProtocol, wrongProtocol.Error);
    }

    [Fact]
    public async Task Join_validates_group_id_session_timeout_and_protocols()
    {
        var noGroup = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(groupId: ""));
        var tooShort = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(sessionTimeoutMs: 5999));
        await _context.StableGroupAsync(1);
        var noCommonProtocol = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(protocols: ["roundrobin"]));

        Assert.Equal(ErrorCode.InvalidGroupId, noGroup.Error);
        Assert.Equal(ErrorCode.InvalidSessionTimeout, tooShort.Error);
        Assert.Equal(ErrorCode.InconsistentGroupProtocol, noCommonProtocol.Error);
    }

    [Fact]
    public async Task The_protocol_with_most_first_choice_votes_among_common_protocols_wins()
    {
        var a = await _context.StartJoinAsync(protocols: ["cooperative-sticky", "range"]);
        var b = await _context.StartJoinAsync(protocols: ["range", "cooperative-sticky"]);
        var c = await _context.StartJoinAsync(protocols: ["range", "roundrobin", "cooperative-sticky"]);
        _context.EndInitialJoin([a, b, c]);

        var results = await Task.WhenAll(a, b, c).WaitAsync(Wait);

        Assert.All(results, r => Assert.Equal("range", r.ProtocolName));
    }

    [Fact]
    public async Task A_member_that_never_syncs_is_removed_after_the_rebalance_timeout()
    {
        var first = await _context.StartJoinAsync();
        var second = await _context.StartJoinAsync();
        _context.EndInitialJoin([first, second]);
        var leader = await first.WaitAsync(Wait);
        var follower = await second.WaitAsync(Wait);
        await Coordinator.SyncGroupAsync(new SyncGroupCommand("g", 1, leader.MemberId, null, null, null,
            [new SyncGroupAssignment(leader.MemberId, [1]), new SyncGroupAssignment(follower.MemberId, [2])])).WaitAsync(Wait);

        for (var elapsed = 0; elapsed < GroupTestContext.RebalanceTimeoutMs; elapsed += 5000)
        {
            _context.Time.Advance(TimeSpan.FromMilliseconds(5000));
            Coordinator.Heartbeat(new HeartbeatCommand("g", 1, leader.MemberId, null));
            Coordinator.Heartbeat(new HeartbeatCommand("g", 1, follower.MemberId, null));
        }

        Assert.Equal(GroupState.PreparingRebalance, _context.Describe().State);
        Assert.Equal([leader.MemberId], _context.Describe().Members.Select(m => m.MemberId));
    }

    [Fact]
    public async Task A_member_that_joined_with_rebalance_timeout_zero_keeps_its_session_timeout_to_sync()
    {
        var join = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(requireKnownMemberId: false, rebalanceTimeoutMs: 0));
        _context.Time.Advance(TimeSpan.FromMilliseconds(1));
        var joined = await join.WaitAsync(Wait);
        Assert.Equal(ErrorCode.None, joined.Error);

        for (var elapsed = 0; elapsed < GroupTestContext.SessionTimeoutMs - 1000; elapsed += 3000)
        {
            _context.Time.Advance(TimeSpan.FromMilliseconds(3000));
            Assert.Equal(ErrorCode.None, Coordinator.Heartbeat(new HeartbeatCommand("g", joined.GenerationId, joined.MemberId, null)));
        }

        var sync = await Coordinator.SyncGroupAsync(new SyncGroupCommand("g", joined.GenerationId, joined.MemberId, null, null, null,
            [new SyncGroupAssignment(joined.MemberId, [1])])).WaitAsync(Wait);

        Assert.Equal(ErrorCode.None, sync.Error);
        Assert.Equal(GroupState.Stable, _context.Describe().State);
    }

    [Fact]
    public async Task Stopping_the_coordinator_answers_parked_joins_with_coordinator_not_available()
    {
        var parked = await _context.StartJoinAsync();

        Coordinator.Dispose();

        Assert.Equal(ErrorCode.CoordinatorNotAvailable, (await parked.WaitAsync(Wait)).Error);
    }

    public void Dispose() => _context.Dispose();
}
