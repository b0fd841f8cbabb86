using Kpipe.Broker.Groups;
using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>
/// The rules that follow from each group having one owner: a timer is a whole operation on the group like a request, and
/// committed offsets have one home that every read, commit, deletion and reload goes through.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GroupOwnershipTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_session_timer_that_fires_while_a_join_phase_is_completing_waits_for_it_and_sees_its_result()
    {
        var logger = new BlockingLogger("moved to generation 2");
        using var context = new GroupTestContext(logger: logger);
        var members = await context.StableGroupAsync(2);
        var leaderRejoin = context.Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(members[0].MemberId));

        var followerRejoin = Task.Run(() => context.Coordinator.JoinGroupAsync(GroupTestContext.JoinRequest(members[1].MemberId)));
        Assert.True(logger.Reached.Wait(Wait), "the follower's rejoin did not end the join phase");
        var advancing = Task.Run(() => context.Time.Advance(TimeSpan.FromMilliseconds(GroupTestContext.SessionTimeoutMs)));
        // The timer must not get in while the join holds the group; a short look is enough to catch it if it did.
        var timerRanDuringJoin = await Task.WhenAny(advancing, Task.Delay(TimeSpan.FromMilliseconds(200))) == advancing;
        logger.Release.Set();
        await advancing.WaitAsync(Wait);

        Assert.False(timerRanDuringJoin);
        var results = await Task.WhenAll(leaderRejoin, followerRejoin).WaitAsync(Wait);
        Assert.All(results, r => Assert.Equal((ErrorCode.None, 2), (r.Error, r.GenerationId)));
        Assert.Equal(GroupState.CompletingRebalance, context.Describe().State);
        Assert.Equal(2, context.Describe().Members.Count);
    }

    [Fact]
    public async Task A_member_commit_and_an_offset_deletion_are_read_back_at_once_and_after_a_restart()
    {
        using var context = new GroupTestContext();
        var member = (await context.StableGroupAsync(1)).Single();
        var commit = new OffsetCommitCommand("g", member.GenerationId, member.MemberId, null,
            [new OffsetCommitEntry("t", 0, 40, 3, "kept"), new OffsetCommitEntry("old", 0, 9, -1, null)]);

        Assert.All(context.Coordinator.CommitOffsets(commit), r => Assert.Equal(ErrorCode.None, r.Error));
        Assert.Equal([("old", 9L), ("t", 40L)], context.Coordinator.FetchOffsets("g", null).Select(o => (o.Topic, o.Offset)));
        Assert.Equal(ErrorCode.None, context.Coordinator.DeleteOffsets("g", [new TopicPartitions("old", [0])]).Partitions.Single().Error);
        Assert.Equal(["t"], context.Coordinator.FetchOffsets("g", null).Select(o => o.Topic));

        context.Restart();

        var reloaded = context.Coordinator.FetchOffsets("g", null).Single();
        Assert.Equal(("t", 0, 40L, 3, "kept"), (reloaded.Topic, reloaded.Partition, reloaded.Offset, reloaded.LeaderEpoch, reloaded.Metadata));
        Assert.Equal(GroupState.Stable, context.Describe().State);
    }

    [Fact]
    public void Offsets_that_expired_stay_gone_after_a_restart_while_the_rest_are_kept()
    {
        using var context = new GroupTestContext();
        context.Coordinator.CommitOffsets(new OffsetCommitCommand("g", -1, "", null, [new OffsetCommitEntry("t", 0, 10, -1, null)]));
        context.Time.Advance(TimeSpan.FromDays(3));
        context.Coordinator.CommitOffsets(new OffsetCommitCommand("g", -1, "", null, [new OffsetCommitEntry("t", 1, 11, -1, null)]));
        context.Time.Advance(TimeSpan.FromDays(4));

        context.Restart();

        Assert.Equal([(1, 11L)], context.Coordinator.FetchOffsets("g", null).Select(o => (o.Partition, o.Offset)));
    }

    /// <summary>Holds the thread that logs a chosen message until released, to stop a group operation at a known point.</summary>
    private sealed class BlockingLogger(string fragment) : ILogger<GroupCoordinator>
    {
        public ManualResetEventSlim Reached { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).Contains(fragment, StringComparison.Ordinal))
            {
                Reached.Set();
                Release.Wait(Wait);
            }
        }
    }
}
