using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

// The sync phase: members wait for the leader's assignment, which makes the group Stable; members that do not sync
// within the rebalance timeout are removed. Every method here runs under the group's lock.
internal sealed partial class ConsumerGroup
{
    private ITimer? _syncTimer;

    private Task<SyncGroupResult> SyncMember(SyncGroupCommand request)
    {
        var error = ValidateMember(request.MemberId, request.GroupInstanceId, out var member);
        if (error == ErrorCode.None && request.GenerationId != _generationId)
        {
            error = ErrorCode.IllegalGeneration;
        }

        if (error == ErrorCode.None
            && ((request.ProtocolType is not null && request.ProtocolType != _protocolType)
                || (request.ProtocolName is not null && request.ProtocolName != _protocolName)))
        {
            error = ErrorCode.InconsistentGroupProtocol;
        }

        if (error != ErrorCode.None)
        {
            return Task.FromResult(SyncGroupResult.Failed(error));
        }

        switch (_state)
        {
            case GroupState.PreparingRebalance:
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
            case GroupState.CompletingRebalance:
                _pendingSync.Remove(member!.MemberId);
                member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                var parked = new TaskCompletionSource<SyncGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                member.AwaitingSync = parked;
                ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
                if (member.MemberId == _leaderId)
                {
                    CompleteSync(request.Assignments);
                }

                return parked.Task;
            case GroupState.Stable:
                _pendingSync.Remove(member!.MemberId);
                ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
                return Task.FromResult(new SyncGroupResult(ErrorCode.None, _protocolType, _protocolName, member.Assignment));
            default:
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        }
    }

    private void CompleteSync(IReadOnlyList<SyncGroupAssignment> assignments)
    {
        foreach (var member in _members)
        {
            member.Assignment = [];
        }

        foreach (var assignment in assignments)
        {
            if (_membersById.TryGetValue(assignment.MemberId, out var member))
            {
                member.Assignment = assignment.Assignment;
            }
        }

        TransitionTo(GroupState.Stable);
        Persist();
        foreach (var member in _members)
        {
            if (member.AwaitingSync is { } parked)
            {
                member.AwaitingSync = null;
                parked.TrySetResult(new SyncGroupResult(ErrorCode.None, _protocolType, _protocolName, member.Assignment));
            }
        }
    }

    private void OnSyncTimeout(int round)
    {
        if (round != _round || _state is not (GroupState.CompletingRebalance or GroupState.Stable) || _pendingSync.Count == 0)
        {
            return;
        }

        foreach (var memberId in _pendingSync.ToList())
        {
            if (_membersById.TryGetValue(memberId, out var member))
            {
                MemberMissedSync(memberId, GroupId, _generationId);
                RemoveMemberAndUpdateGroup(member);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} of group {GroupId} removed: no SyncGroup for generation {GenerationId} within the rebalance timeout")]
    private partial void MemberMissedSync(string memberId, string groupId, int generationId);
}
