using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

// Timers: every timer of the group starts here and its callback enters through the group's lock, so a timer is one more
// whole operation on the group, never a step in the middle of another. Session timers live here; the join and sync
// timers are started by the rebalance and assignment steps. Every other method here runs under the group's lock.
internal sealed partial class ConsumerGroup
{
    /// <summary>A one-shot timer on the group's clock whose callback runs under the group's lock, and not at all once the group is Dead.</summary>
    private ITimer StartTimer(Action fired, TimeSpan dueTime) =>
        time.CreateTimer(
            _ =>
            {
                lock (_sync)
                {
                    if (_state != GroupState.Dead)
                    {
                        fired();
                    }
                }
            },
            null,
            dueTime,
            Timeout.InfiniteTimeSpan);

    private void ScheduleSession(GroupMember member, TimeSpan timeout)
    {
        member.SessionDeadline = Now + timeout;
        if (member.SessionTimer is null)
        {
            member.SessionTimer = StartTimer(() => OnSessionTimer(member), timeout);
        }
        else
        {
            member.SessionTimer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnSessionTimer(GroupMember member)
    {
        if (!_membersById.TryGetValue(member.MemberId, out var current) || current != member)
        {
            return;
        }

        var remaining = member.SessionDeadline - Now;
        if (remaining > TimeSpan.Zero)
        {
            member.SessionTimer!.Change(remaining, Timeout.InfiniteTimeSpan);
            return;
        }

        // Members parked in a join or sync are alive; a new member's parked join is bounded by NewMemberJoinTimeout instead.
        if ((member.AwaitingJoin is not null && !member.IsNew) || member.AwaitingSync is not null)
        {
            ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
            return;
        }

        MemberExpired(member.MemberId, GroupId, member.SessionTimeoutMs);
        RemoveMemberAndUpdateGroup(member);
    }

    private void OnPendingMemberExpired(string memberId)
    {
        if (_pendingMembers.Remove(memberId, out var timer))
        {
            timer.Dispose();
            TryCompleteJoin();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} of group {GroupId} removed: no heartbeat within its {SessionTimeoutMs} ms session timeout")]
    private partial void MemberExpired(string memberId, string groupId, int sessionTimeoutMs);
}
