using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Groups;

// Membership: who joins (dynamic, pending and static members), who is who, and who leaves. Every method here runs under
// the group's lock, taken by the whole operations in ConsumerGroup.cs.
internal sealed partial class ConsumerGroup
{
    private Task<JoinGroupResult> JoinNewMember(JoinGroupCommand request)
    {
        if (_members.Count + _pendingMembers.Count >= options.MaxGroupSize)
        {
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.GroupMaxSizeReached));
        }

        var newMemberId = $"{request.GroupInstanceId ?? request.ClientId}-{Guid.NewGuid()}";
        if (request.GroupInstanceId is not null)
        {
            if (_staticMembers.TryGetValue(request.GroupInstanceId, out var oldMemberId))
            {
                return RejoinStaticMember(_membersById[oldMemberId], newMemberId, request);
            }

            return AddMemberAndRebalance(newMemberId, request);
        }

        if (request.RequireKnownMemberId)
        {
            _pendingMembers[newMemberId] = StartTimer(() => OnPendingMemberExpired(newMemberId), TimeSpan.FromMilliseconds(request.SessionTimeoutMs));
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.MemberIdRequired, newMemberId));
        }

        return AddMemberAndRebalance(newMemberId, request);
    }

    private Task<JoinGroupResult> JoinExistingMember(JoinGroupCommand request)
    {
        if (_pendingMembers.Remove(request.MemberId, out var pendingTimer))
        {
            pendingTimer.Dispose();
            return AddMemberAndRebalance(request.MemberId, request);
        }

        var error = ValidateMember(request.MemberId, request.GroupInstanceId, out var member);
        if (error != ErrorCode.None)
        {
            return Task.FromResult(JoinGroupResult.Failed(error, request.MemberId));
        }

        switch (_state)
        {
            case GroupState.PreparingRebalance:
                return UpdateMemberAndRebalance(member!, request);
            case GroupState.CompletingRebalance:
                if (member!.Matches(request.Protocols))
                {
                    ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
                    return Task.FromResult(CurrentGenerationFor(member));
                }

                return UpdateMemberAndRebalance(member, request);
            case GroupState.Stable:
                if (member!.MemberId == _leaderId || !member.Matches(request.Protocols))
                {
                    return UpdateMemberAndRebalance(member, request);
                }

                ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
                return Task.FromResult(CurrentGenerationFor(member));
            default:
                return Task.FromResult(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, request.MemberId));
        }
    }

    private Task<JoinGroupResult> AddMemberAndRebalance(string memberId, JoinGroupCommand request)
    {
        var member = new GroupMember(memberId, request.GroupInstanceId, request.ClientId, request.ClientHost);
        Update(member, request);
        var parked = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        member.AwaitingJoin = parked;
        _members.Add(member);
        _membersById[memberId] = member;
        if (member.GroupInstanceId is not null)
        {
            _staticMembers[member.GroupInstanceId] = memberId;
        }

        _leaderId ??= memberId;
        _protocolType ??= request.ProtocolType;
        if (_state == GroupState.PreparingRebalance && _inInitialDelay)
        {
            _newMemberAdded = true;
        }

        ScheduleSession(member, options.NewMemberJoinTimeout);
        MaybePrepareRebalance();
        TryCompleteJoin();
        return parked.Task;
    }

    private Task<JoinGroupResult> UpdateMemberAndRebalance(GroupMember member, JoinGroupCommand request)
    {
        Update(member, request);
        member.AwaitingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.RebalanceInProgress, member.MemberId));
        var parked = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        member.AwaitingJoin = parked;
        ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
        MaybePrepareRebalance();
        TryCompleteJoin();
        return parked.Task;
    }

    /// <summary>
    /// A known static member came back with an empty member id (a restarted process): it takes a new id, fencing the old
    /// one. In Stable, when neither the selected protocol nor the subscribed topics change, it gets the current generation
    /// and later its old assignment, without a rebalance.
    /// </summary>
    private Task<JoinGroupResult> RejoinStaticMember(GroupMember member, string newMemberId, JoinGroupCommand request)
    {
        member.AwaitingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.FencedInstanceId, member.MemberId));
        member.AwaitingJoin = null;
        member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.FencedInstanceId));
        member.AwaitingSync = null;

        var oldMemberId = member.MemberId;
        var oldMetadata = member.MetadataFor(_protocolName);
        _membersById.Remove(oldMemberId);
        member.MemberId = newMemberId;
        _membersById[newMemberId] = member;
        _staticMembers[member.GroupInstanceId!] = newMemberId;
        if (_leaderId == oldMemberId)
        {
            _leaderId = newMemberId;
        }

        if (_pendingSync.Remove(oldMemberId))
        {
            _pendingSync.Add(newMemberId);
        }

        if (_state == GroupState.Stable)
        {
            Update(member, request);
            if (SelectProtocol() == _protocolName && SameSubscription(oldMetadata, member.MetadataFor(_protocolName)))
            {
                Persist();
                ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
                return Task.FromResult(CurrentGenerationFor(member));
            }
        }

        return UpdateMemberAndRebalance(member, request);
    }

    private bool SameSubscription(byte[] before, byte[] after)
    {
        if (!UsesConsumerProtocol)
        {
            return before.AsSpan().SequenceEqual(after);
        }

        return ConsumerSubscription.TryReadTopics(before, out var topicsBefore)
            && ConsumerSubscription.TryReadTopics(after, out var topicsAfter)
            && topicsBefore.ToHashSet().SetEquals(topicsAfter);
    }

    private static void Update(GroupMember member, JoinGroupCommand request)
    {
        member.ClientId = request.ClientId;
        member.ClientHost = request.ClientHost;
        member.SessionTimeoutMs = request.SessionTimeoutMs;
        member.RebalanceTimeoutMs = request.RebalanceTimeoutMs;
        member.ProtocolType = request.ProtocolType;
        member.Protocols = request.Protocols;
    }

    private JoinGroupResult CurrentGenerationFor(GroupMember member) =>
        new(ErrorCode.None, _generationId, _protocolType, _protocolName, _leaderId ?? "", member.MemberId, member.MemberId == _leaderId ? MemberMetadata() : []);

    private List<JoinGroupMember> MemberMetadata() =>
        [.. _members.Select(m => new JoinGroupMember(m.MemberId, m.GroupInstanceId, m.MetadataFor(_protocolName)))];

    private ErrorCode ValidateMember(string memberId, string? groupInstanceId, out GroupMember? member)
    {
        member = null;
        if (groupInstanceId is not null)
        {
            if (!_staticMembers.TryGetValue(groupInstanceId, out var staticMemberId))
            {
                return ErrorCode.UnknownMemberId;
            }

            if (staticMemberId != memberId)
            {
                return ErrorCode.FencedInstanceId;
            }
        }

        return _membersById.TryGetValue(memberId, out member) ? ErrorCode.None : ErrorCode.UnknownMemberId;
    }

    private bool SupportsProtocols(string protocolType, IReadOnlyList<GroupProtocol> protocols)
    {
        if (protocolType.Length == 0 || protocols.Count == 0)
        {
            return false;
        }

        if (_members.Count == 0)
        {
            return true;
        }

        return protocolType == _protocolType && protocols.Any(p => _members.All(m => m.Supports(p.Name)));
    }

    private ErrorCode LeaveOne(LeaveGroupMember request)
    {
        GroupMember? member;
        if (request.GroupInstanceId is not null)
        {
            if (!_staticMembers.TryGetValue(request.GroupInstanceId, out var staticMemberId))
            {
                return ErrorCode.UnknownMemberId;
            }

            if (request.MemberId.Length > 0 && request.MemberId != staticMemberId)
            {
                return ErrorCode.FencedInstanceId;
            }

            member = _membersById[staticMemberId];
        }
        else if (_pendingMembers.Remove(request.MemberId, out var pendingTimer))
        {
            pendingTimer.Dispose();
            TryCompleteJoin();
            return ErrorCode.None;
        }
        else if (!_membersById.TryGetValue(request.MemberId, out member))
        {
            return ErrorCode.UnknownMemberId;
        }

        RemoveMemberAndUpdateGroup(member);
        return ErrorCode.None;
    }

    private void RemoveMemberAndUpdateGroup(GroupMember member)
    {
        member.SessionTimer?.Dispose();
        member.AwaitingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, member.MemberId));
        member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        _members.Remove(member);
        _membersById.Remove(member.MemberId);
        _pendingSync.Remove(member.MemberId);
        if (member.GroupInstanceId is not null)
        {
            _staticMembers.Remove(member.GroupInstanceId);
        }

        if (_leaderId == member.MemberId)
        {
            _leaderId = _members.Count > 0 ? _members[0].MemberId : null;
        }

        switch (_state)
        {
            case GroupState.Stable:
            case GroupState.CompletingRebalance:
                PrepareRebalance();
                break;
            case GroupState.PreparingRebalance:
                TryCompleteJoin();
                break;
        }
    }
}
