using Kpipe.Broker.Groups;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Groups;

[Trait("Category", "Unit")]
public sealed class OffsetCommitTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly GroupTestContext _context = new();

    private GroupCoordinator Coordinator => _context.Coordinator;

    [Fact]
    public void A_simple_commit_creates_an_empty_group_and_is_fetched_back()
    {
        var results = Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 42, "meta"), ("t", 1, 7, null)));

        Assert.All(results, r => Assert.Equal(ErrorCode.None, r.Error));
        var fetched = Coordinator.FetchOffsets("g", [new TopicPartitions("t", [0, 1, 2])]);
        Assert.Equal([42L, 7L, -1L], fetched.Select(o => o.Offset));
        Assert.Equal(["meta", "", ""], fetched.Select(o => o.Metadata));
        Assert.Equal(GroupState.Empty, _context.Describe().State);
    }

    [Fact]
    public void Fetch_of_an_unknown_group_is_minus_one_and_null_topics_mean_every_committed_partition()
    {
        Coordinator.CommitOffsets(SimpleCommit("g", ("b", 0, 1, null), ("a", 2, 3, null), ("a", 0, 5, null)));

        Assert.Equal(-1, Coordinator.FetchOffsets("unknown", [new TopicPartitions("t", [0])]).Single().Offset);
        Assert.Empty(Coordinator.FetchOffsets("unknown", null));
        Assert.Equal([("a", 0), ("a", 2), ("b", 0)], Coordinator.FetchOffsets("g", null).Select(o => (o.Topic, o.Partition)));
    }

    [Fact]
    public void Metadata_over_the_limit_is_refused_for_that_partition_only()
    {
        var results = Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 1, new string('x', 4097)), ("t", 1, 1, new string('x', 4096))));

        Assert.Equal([ErrorCode.OffsetMetadataTooLarge, ErrorCode.None], results.Select(r => r.Error));
    }

    [Fact]
    public void Commits_to_unknown_partitions_are_refused_when_the_broker_knows_its_topics()
    {
        using var directory = new TempDirectory();
        using var coordinator = new GroupCoordinator(directory.Path, new GroupCoordinatorOptions(), _context.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupCoordinator>.Instance, (topic, partition) => topic == "t" && partition < 2);

        var results = coordinator.CommitOffsets(SimpleCommit("g", ("t", 1, 1, null), ("t", 2, 1, null), ("u", 0, 1, null)));

        Assert.Equal([ErrorCode.None, ErrorCode.UnknownTopicOrPartition, ErrorCode.UnknownTopicOrPartition], results.Select(r => r.Error));
    }

    [Fact]
    public async Task Member_commits_are_checked_against_member_generation_and_state()
    {
        var members = await _context.StableGroupAsync(2);
        var leader = members[0];

        Assert.Equal(ErrorCode.UnknownMemberId, Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 1, null))).Single().Error);
        Assert.Equal(ErrorCode.IllegalGeneration, Commit(leader.GenerationId + 1, leader.MemberId).Error);
        Assert.Equal(ErrorCode.UnknownMemberId, Commit(leader.GenerationId, "client-stranger").Error);
        Assert.Equal(ErrorCode.None, Commit(leader.GenerationId, leader.MemberId).Error);
        Assert.Equal(ErrorCode.IllegalGeneration, Coordinator.CommitOffsets(new OffsetCommitCommand("absent", 1, "m", null, [new OffsetCommitEntry("t", 0, 1, -1, null)])).Single().Error);

        var leaderRejoin = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(leader.MemberId));
        Assert.Equal(ErrorCode.None, Commit(leader.GenerationId, members[1].MemberId).Error);
        var followerRejoin = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(members[1].MemberId));
        var next = await Task.WhenAll(leaderRejoin, followerRejoin).WaitAsync(Wait);
        Assert.Equal(ErrorCode.RebalanceInProgress, Commit(next[0].GenerationId, next[0].MemberId).Error);
    }

    [Fact]
    public void Committed_offsets_survive_a_restart()
    {
        Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 10, "first")));
        Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 20, "second"), ("t", 1, 5, null)));
        Coordinator.CommitOffsets(SimpleCommit("h", ("u", 3, 99, null)));

        _context.Restart();

        Assert.Equal([(20L, "second"), (5L, "")], Coordinator.FetchOffsets("g", [new TopicPartitions("t", [0, 1])]).Select(o => (o.Offset, o.Metadata)));
        Assert.Equal(99, Coordinator.FetchOffsets("h", null).Single().Offset);
        Assert.Equal(["g", "h"], Coordinator.ListGroups().Select(g => g.GroupId));
    }

    [Fact]
    public void A_torn_record_at_the_end_of_the_offsets_log_is_dropped_on_restart()
    {
        Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 10, null)));
        Coordinator.Dispose();
        var log = Path.Combine(_context.DataDirectory, "__consumer_offsets", "offsets.log");
        File.AppendAllText(log, "\0\0\0\x40garbage");

        _context.Restart();
        Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 11, null)));
        _context.Restart();

        Assert.Equal(11, Coordinator.FetchOffsets("g", null).Single().Offset);
    }

    [Fact]
    public void A_commit_cut_halfway_through_its_record_falls_back_to_the_last_whole_commit_and_later_commits_survive()
    {
        Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 10, null)));
        var log = Path.Combine(_context.DataDirectory, "__consumer_offsets", "offsets.log");
        var before = new FileInfo(log).Length;
        Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 20, null)));
        Coordinator.Dispose();
        var bytes = File.ReadAllBytes(log);
        File.WriteAllBytes(log, bytes[..(int)(before + ((bytes.Length - before) / 2))]);

        _context.Restart();
        Assert.Equal(10, Coordinator.FetchOffsets("g", null).Single().Offset);
        Coordinator.CommitOffsets(SimpleCommit("g", ("t", 1, 30, null)));
        _context.Restart();

        Assert.Equal([10L, 30L], Coordinator.FetchOffsets("g", null).Select(o => o.Offset));
    }

    [Fact]
    public void The_offsets_log_is_compacted_as_commits_pile_up_and_keeps_the_latest_offsets()
    {
        var log = Path.Combine(_context.DataDirectory, "__consumer_offsets", "offsets.log");
        for (var i = 0; i < 3000; i++)
        {
            Coordinator.CommitOffsets(SimpleCommit("g", ("t", i % 3, i, null)));
        }

        Assert.True(new FileInfo(log).Length < 1500 * 40, $"offsets log is {new FileInfo(log).Length} bytes");
        _context.Restart();
        Assert.Equal([2997L, 2998L, 2999L], Coordinator.FetchOffsets("g", null).Select(o => o.Offset));
    }

    [Fact]
    public void Offsets_of_an_empty_group_expire_after_the_retention_and_the_group_goes()
    {
        Coordinator.CommitOffsets(SimpleCommit("g", ("t", 0, 10, null)));
        _context.Time.Advance(TimeSpan.FromDays(3));
        Coordinator.CommitOffsets(SimpleCommit("g", ("t", 1, 10, null)));

        _context.Time.Advance(TimeSpan.FromDays(4));
        Assert.Equal([1], Coordinator.FetchOffsets("g", null).Select(o => o.Partition));

        _context.Time.Advance(TimeSpan.FromDays(3));
        Assert.Empty(Coordinator.FetchOffsets("g", null));
        Assert.Empty(Coordinator.ListGroups());
        _context.Restart();
        Assert.Empty(Coordinator.FetchOffsets("g", null));
    }

    [Fact]
    public async Task Offsets_of_a_group_with_live_members_do_not_expire()
    {
        const int longSession = 1_800_000;
        var join = Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(requireKnownMemberId: false, sessionTimeoutMs: longSession));
        _context.Time.Advance(_context.Options.InitialRebalanceDelay);
        var member = await join.WaitAsync(Wait);
        await Coordinator.SyncGroupAsync(new SyncGroupCommand("g", member.GenerationId, member.MemberId, null, null, null, [])).WaitAsync(Wait);
        Commit(member.GenerationId, member.MemberId);

        var keepAlive = TimeSpan.FromMilliseconds(longSession / 2);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromDays(8); elapsed += keepAlive)
        {
            _context.Time.Advance(keepAlive);
            Assert.Equal(ErrorCode.None, _context.Heartbeat(member));
        }

        Assert.Single(Coordinator.FetchOffsets("g", null));
    }

    [Fact]
    public async Task DeleteGroups_refuses_active_and_unknown_groups_and_removes_empty_ones_with_their_offsets()
    {
        await _context.StableGroupAsync(1, "active");
        Coordinator.CommitOffsets(SimpleCommit("idle", ("t", 0, 1, null)));

        var results = Coordinator.DeleteGroups(["active", "idle", "unknown"]);

        Assert.Equal([ErrorCode.NonEmptyGroup, ErrorCode.None, ErrorCode.GroupIdNotFound], results.Select(r => r.Error));
        Assert.Equal(GroupState.Dead, _context.Describe("idle").State);
        _context.Restart();
        Assert.Equal(-1, Coordinator.FetchOffsets("idle", [new TopicPartitions("t", [0])]).Single().Offset);
    }

    [Fact]
    public async Task OffsetDelete_refuses_topics_members_subscribe_to_and_deletes_the_others()
    {
        var members = await _context.StableGroupAsync(1);
        Commit(members[0].GenerationId, members[0].MemberId);
        Coordinator.CommitOffsets(new OffsetCommitCommand("g", members[0].GenerationId, members[0].MemberId, null, [new OffsetCommitEntry("old", 0, 3, -1, null)]));

        var result = Coordinator.DeleteOffsets("g", [new TopicPartitions("t", [0]), new TopicPartitions("old", [0])]);

        Assert.Equal(ErrorCode.None, result.Error);
        Assert.Equal([ErrorCode.GroupSubscribedToTopic, ErrorCode.None], result.Partitions.Select(p => p.Error));
        Assert.Equal(["t"], Coordinator.FetchOffsets("g", null).Select(o => o.Topic));
        Assert.Equal(ErrorCode.GroupIdNotFound, Coordinator.DeleteOffsets("unknown", [new TopicPartitions("t", [0])]).Error);
    }

    [Fact]
    public async Task DescribeGroups_and_ListGroups_show_state_protocol_and_members()
    {
        var members = await _context.StableGroupAsync(2);
        Coordinator.CommitOffsets(SimpleCommit("idle", ("t", 0, 1, null)));

        var described = _context.Describe();
        var unknown = _context.Describe("unknown");

        Assert.Equal("Stable", described.StateName);
        Assert.Equal(("consumer", "range"), (described.ProtocolType, described.Protocol));
        Assert.Equal(members.Select(m => m.MemberId).Order(), described.Members.Select(m => m.MemberId).Order());
        Assert.All(described.Members, m => Assert.Equal(System.Text.Encoding.UTF8.GetBytes("for " + m.MemberId), m.Assignment));
        Assert.All(described.Members, m => Assert.Equal(GroupTestContext.Subscription("t"), m.Metadata));
        Assert.Equal(GroupState.Dead, unknown.State);
        Assert.Empty(unknown.Members);
        Assert.Equal([("g", GroupState.Stable), ("idle", GroupState.Empty)], Coordinator.ListGroups().Select(g => (g.GroupId, g.State)));
        Assert.Equal(["idle"], Coordinator.ListGroups([GroupState.Empty]).Select(g => g.GroupId));
    }

    private PartitionResult Commit(int generationId, string memberId) =>
        Coordinator.CommitOffsets(new OffsetCommitCommand("g", generationId, memberId, null, [new OffsetCommitEntry("t", 0, 1, -1, null)])).Single();

    private static OffsetCommitCommand SimpleCommit(string groupId, params (string Topic, int Partition, long Offset, string? Metadata)[] offsets) =>
        new(groupId, -1, "", null, [.. offsets.Select(o => new OffsetCommitEntry(o.Topic, o.Partition, o.Offset, -1, o.Metadata))]);

    public void Dispose() => _context.Dispose();
}
