using System.Text;
using Kpipe.Broker.Groups;
using Kpipe.Broker.Protocol;
using Kpipe.Testing;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>Group metadata across a coordinator restart: what Kafka reloads from <c>__consumer_offsets</c>, kpipe reloads from its group metadata file.</summary>
[Trait("Category", "Unit")]
public sealed class GroupRestartTests
{
    private static readonly TimeSpan Session = TimeSpan.FromMilliseconds(GroupTestContext.SessionTimeoutMs);

    [Fact]
    public async Task A_clean_restart_keeps_the_generation_members_leader_protocol_and_assignments()
    {
        using var context = new GroupTestContext();
        var members = await context.StableGroupAsync(3);
        var before = Shown(context.Describe());

        context.Restart();

        Assert.Equal(before, Shown(context.Describe()));
        var leader = members[0];
        var rejoin = await context.Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(members[1].MemberId));
        Assert.Equal((ErrorCode.None, leader.GenerationId, leader.LeaderId, "range"), (rejoin.Error, rejoin.GenerationId, rejoin.LeaderId, rejoin.ProtocolName));
    }

    [Fact]
    public async Task After_a_restart_members_that_heartbeat_keep_their_assignment_and_a_silent_one_expires_into_a_rebalance()
    {
        using var context = new GroupTestContext();
        var members = await context.StableGroupAsync(3);
        context.Restart();

        var sync = await context.Coordinator.SyncGroupAsync(new SyncGroupCommand("g", members[1].GenerationId, members[1].MemberId, null, "consumer", "range", []));
        Assert.Equal("for " + members[1].MemberId, Encoding.UTF8.GetString(sync.Assignment));
        for (var elapsed = TimeSpan.Zero; elapsed < Session; elapsed += Session / 4)
        {
            Assert.Equal(ErrorCode.None, context.Heartbeat(members[0]));
            Assert.Equal(ErrorCode.None, context.Heartbeat(members[1]));
            context.Time.Advance(Session / 4);
        }

        Assert.Equal(ErrorCode.RebalanceInProgress, context.Heartbeat(members[0]));
        Assert.Equal(ErrorCode.UnknownMemberId, context.Heartbeat(members[2]));
        Assert.Equal(2, context.Describe().Members.Count);
    }

    [Fact]
    public async Task A_member_commits_offsets_at_its_generation_after_a_restart()
    {
        using var context = new GroupTestContext();
        var member = (await context.StableGroupAsync(1)).Single();
        context.Restart();

        var results = context.Coordinator.CommitOffsets(new OffsetCommitCommand("g", member.GenerationId, member.MemberId, null, [new OffsetCommitEntry("t", 0, 7, -1, null)]));

        Assert.Equal(ErrorCode.None, results.Single().Error);
        Assert.Equal(7, context.Coordinator.FetchOffsets("g", null).Single().Offset);
    }

    [Fact]
    public async Task An_empty_group_keeps_its_generation_so_the_next_rebalance_moves_past_it()
    {
        using var context = new GroupTestContext();
        var member = (await context.StableGroupAsync(1)).Single();
        context.Coordinator.CommitOffsets(new OffsetCommitCommand("g", member.GenerationId, member.MemberId, null, [new OffsetCommitEntry("t", 0, 1, -1, null)]));
        Assert.Equal(ErrorCode.None, context.Coordinator.LeaveGroup("g", [new LeaveGroupMember(member.MemberId, null)]).Members.Single().Error);
        context.Time.Advance(TimeSpan.FromMilliseconds(GroupTestContext.RebalanceTimeoutMs));
        Assert.Equal(GroupState.Empty, context.Describe().State);

        context.Restart();
        Assert.Equal(GroupState.Empty, context.Describe().State);
        var join = await context.StartJoinAsync();
        context.EndInitialJoin([join]);

        Assert.Equal(member.GenerationId + 2, (await join).GenerationId);
    }

    [Fact]
    public async Task A_deleted_group_stays_deleted_after_a_restart()
    {
        using var context = new GroupTestContext();
        var member = (await context.StableGroupAsync(1)).Single();
        context.Coordinator.LeaveGroup("g", [new LeaveGroupMember(member.MemberId, null)]);
        context.Time.Advance(TimeSpan.FromMilliseconds(GroupTestContext.RebalanceTimeoutMs));
        Assert.Equal(ErrorCode.None, context.Coordinator.DeleteGroups(["g"]).Single().Error);

        context.Restart();

        Assert.Equal(GroupState.Dead, context.Describe().State);
        Assert.Empty(context.Coordinator.ListGroups());
    }

    [Theory]
    [InlineData("{\"version\": 1, \"groups\": [")]
    [InlineData("{\"version\": 1, \"groups\": [{\"group_id\": \"g\", \"state\": \"Stable\", \"generation_id\": 3, \"members\": []}]}")]
    [InlineData("\0\0\0\0\0\0\0\0")]
    public async Task A_damaged_group_metadata_file_is_logged_in_one_line_and_the_coordinator_starts_with_no_group_metadata(string content)
    {
        var logs = new CapturingLoggerFactory(LogLevel.Warning);
        using var context = new GroupTestContext(logger: logs.CreateLogger<GroupCoordinator>());
        var member = (await context.StableGroupAsync(1)).Single();
        context.Coordinator.CommitOffsets(new OffsetCommitCommand("g", member.GenerationId, member.MemberId, null, [new OffsetCommitEntry("t", 0, 5, -1, null)]));
        context.Coordinator.Dispose();
        File.WriteAllText(Path.Combine(context.DataDirectory, "__consumer_offsets", "group-metadata.json"), content);

        context.Restart();

        Assert.Equal((GroupState.Empty, 0), (context.Describe().State, context.Describe().Members.Count));
        Assert.Equal(5, context.Coordinator.FetchOffsets("g", null).Single().Offset);
        Assert.Single(logs.Lines, l => l.Contains("group-metadata.json is unreadable", StringComparison.Ordinal));
    }

    private static string Shown(GroupDescription group) =>
        $"{group.State} {group.ProtocolType} {group.Protocol}: " + string.Join("; ", group.Members.Select(m =>
            $"{m.MemberId} {m.GroupInstanceId} {m.ClientId} {m.ClientHost} {Convert.ToHexString(m.Metadata)} {Convert.ToHexString(m.Assignment)}"));
}
