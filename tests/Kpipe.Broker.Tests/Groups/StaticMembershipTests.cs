using Kpipe.Broker.Groups;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Groups;

[Trait("Category", "Unit")]
public sealed class StaticMembershipTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly GroupTestContext _context = new();

    private GroupCoordinator Coordinator => _context.Coordinator;

    [Fact]
    public async Task A_restarted_static_member_rejoins_a_stable_group_without_a_rebalance_and_gets_its_old_assignment()
    {
        var (first, second) = await StableStaticGroupAsync();

        var rejoin = await Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(instanceId: "instance-b")).WaitAsync(Wait);
        var sync = await Coordinator.SyncGroupAsync(new SyncGroupCommand("g", rejoin.GenerationId, rejoin.MemberId, "instance-b", "consumer", "range", [])).WaitAsync(Wait);

        Assert.Equal(ErrorCode.None, rejoin.Error);
        Assert.Equal(first.GenerationId, rejoin.GenerationId);
        Assert.StartsWith("instance-b-", rejoin.MemberId);
        Assert.NotEqual(second.MemberId, rejoin.MemberId);
        Assert.Equal([2], sync.Assignment);
        Assert.Equal(GroupState.Stable, _context.Describe().State);
        Assert.Equal(ErrorCode.None, Coordinator.Heartbeat(new HeartbeatCommand("g", first.GenerationId, first.MemberId, "instance-a")));
        Assert.Equal(ErrorCode.FencedInstanceId, Coordinator.Heartbeat(new HeartbeatCommand("g", first.GenerationId, second.MemberId, "instance-b")));
    }

    [Fact]
    public async Task A_static_member_rejoining_with_a_new_subscription_starts_a_rebalance()
    {
        await StableStaticGroupAsync();

        var rejoin = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(instanceId: "instance-b", metadata: GroupTestContext.Subscription("t", "u")));

        Assert.Equal(GroupState.PreparingRebalance, _context.Describe().State);
        Assert.False(rejoin.IsCompleted);
    }

    [Fact]
    public async Task A_static_member_that_does_not_rejoin_is_kept_through_a_rebalance()
    {
        var (first, second) = await StableStaticGroupAsync();

        var rejoin = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(first.MemberId, instanceId: "instance-a"));
        for (var elapsed = 0; elapsed < GroupTestContext.RebalanceTimeoutMs; elapsed += 5000)
        {
            Assert.Equal(ErrorCode.RebalanceInProgress, Coordinator.Heartbeat(new HeartbeatCommand("g", second.GenerationId, second.MemberId, "instance-b")));
            _context.Time.Advance(TimeSpan.FromMilliseconds(5000));
        }

        var leader = await rejoin.WaitAsync(Wait);

        Assert.Equal(2, leader.Members.Count);
        Assert.Contains(leader.Members, m => m.MemberId == second.MemberId && m.GroupInstanceId == "instance-b");
    }

    [Fact]
    public async Task LeaveGroup_by_instance_id_alone_removes_a_static_member_and_a_mismatched_member_id_is_fenced()
    {
        var (_, second) = await StableStaticGroupAsync();

        var fenced = Coordinator.LeaveGroup("g", [new LeaveGroupMember("instance-b-wrong", "instance-b")]);
        var removed = Coordinator.LeaveGroup("g", [new LeaveGroupMember("", "instance-b"), new LeaveGroupMember("", "instance-z")]);

        Assert.Equal(ErrorCode.FencedInstanceId, fenced.Members.Single().Error);
        Assert.Equal([ErrorCode.None, ErrorCode.UnknownMemberId], removed.Members.Select(m => m.Error));
        Assert.DoesNotContain(_context.Describe().Members, m => m.MemberId == second.MemberId);
        Assert.Equal(GroupState.PreparingRebalance, _context.Describe().State);
    }

    private async Task<(JoinGroupResult First, JoinGroupResult Second)> StableStaticGroupAsync()
    {
        var a = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(instanceId: "instance-a"));
        var b = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(instanceId: "instance-b"));
        _context.EndInitialJoin([a, b]);
        var first = await a.WaitAsync(Wait);
        var second = await b.WaitAsync(Wait);
        Assert.Equal(first.MemberId, first.LeaderId);
        var followerSync = Coordinator.SyncGroupAsync(new SyncGroupCommand("g", second.GenerationId, second.MemberId, "instance-b", "consumer", "range", []));
        await Coordinator.SyncGroupAsync(new SyncGroupCommand("g", first.GenerationId, first.MemberId, "instance-a", "consumer", "range",
            [new SyncGroupAssignment(first.MemberId, [1]), new SyncGroupAssignment(second.MemberId, [2])])).WaitAsync(Wait);
        Assert.Equal([2], (await followerSync.WaitAsync(Wait)).Assignment);
        return (first, second);
    }

    public void Dispose() => _context.Dispose();
}
