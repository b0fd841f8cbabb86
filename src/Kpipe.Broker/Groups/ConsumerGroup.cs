using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

/// <summary>
/// One classic group: members, generation, the join and sync phases, and its committed offsets. Every method runs under
/// <see cref="Sync"/> (one writer per group); parked JoinGroup and SyncGroup requests are completed through their
/// TaskCompletionSource, never while a caller waits on the lock. Timers re-check their round or deadline when they fire,
/// so a timer that lost a race with a request does nothing.
/// </summary>
internal sealed partial class ConsumerGroup(string groupId, GroupCoordinatorOptions options, TimeProvider time, DateTimeOffset createdAt, ILogger logger)
{
    private readonly ILogger _logger = logger;
    private readonly List<GroupMember> _members = [];
    private readonly Dictionary<string, GroupMember> _membersById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _staticMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ITimer> _pendingMembers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingSync = new(StringComparer.Ordinal);
    private ITimer? _joinTimer;
    private ITimer? _syncTimer;
    private int _round;
    private bool _inInitialDelay;
    private bool _newMemberAdded;
    private TimeSpan _initialDelayRemaining;

    public Lock Sync { get; } = new();

    public string GroupId { get; } = groupId;

    public GroupState State { get; private set; } = GroupState.Empty;

    public int GenerationId { get; private set; }

    public string? ProtocolType { get; private set; }

    public string? ProtocolName { get; private set; }

    public string? LeaderId { get; private set; }

    /// <summary>When the group last became Empty; offset retention of an empty group counts from here.</summary>
    public DateTimeOffset EmptySince { get; private set; } = createdAt;

    public Dictionary<(string Topic, int Partition), StoredOffset> Offsets { get; } = [];

    public int MemberCount => _members.Count;

    public bool HasNoMembers => _members.Count == 0 && _pendingMembers.Count == 0;

    public IReadOnlyList<GroupMember> Members => _members;

    private DateTimeOffset Now => time.GetUtcNow();

    public Task<JoinGroupResult> Join(JoinGroupCommand request)
    {
        if (State == GroupState.Dead)
        {
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.CoordinatorNotAvailable, request.MemberId));
        }

        if (!SupportsProtocols(request.ProtocolType, request.Protocols))
        {
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId));
        }

        return request.MemberId.Length == 0 ? JoinNewMember(request) : JoinExistingMember(request);
    }

    public Task<SyncGroupResult> SyncGroup(SyncGroupCommand request)
    {
        if (State == GroupState.Dead)
        {
            return Task.FromResult(SyncGroupResult.Failed(ErrorCode.CoordinatorNotAvailable));
        }

        var error = ValidateMember(request.MemberId, request.GroupInstanceId, out var member);
        if (error == ErrorCode.None && request.GenerationId != GenerationId)
        {
            error = ErrorCode.IllegalGeneration;
        }

        if (error == ErrorCode.None
            && ((request.ProtocolType is not null && request.ProtocolType != ProtocolType)
                || (request.ProtocolName is not null && request.ProtocolName != ProtocolName)))
        {
            error = ErrorCode.InconsistentGroupProtocol;
        }

        if (error != ErrorCode.None)
        {
            return Task.FromResult(SyncGroupResult.Failed(error));
        }

        switch (State)
        {
            case GroupState.PreparingRebalance:
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
            case GroupState.CompletingRebalance:
                _pendingSync.Remove(member!.MemberId);
                member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                var parked = new TaskCompletionSource<SyncGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                member.AwaitingSync = parked;
                ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
                if (member.MemberId == LeaderId)
                {
                    CompleteSync(request.Assignments);
                }

                return parked.Task;
            case GroupState.Stable:
                _pendingSync.Remove(member!.MemberId);
                ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
                return Task.FromResult(new SyncGroupResult(ErrorCode.None, ProtocolType, ProtocolName, member.Assignment));
            default:
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        }
    }

    public ErrorCode Heartbeat(HeartbeatCommand request)
    {
        if (State == GroupState.Dead)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }

        if (State == GroupState.Empty)
        {
            return ErrorCode.UnknownMemberId;
        }

        var error = ValidateMember(request.MemberId, request.GroupInstanceId, out var member);
        if (error != ErrorCode.None)
        {
            return error;
        }

        if (request.GenerationId != GenerationId)
        {
            return ErrorCode.IllegalGeneration;
        }

        ScheduleSession(member!, TimeSpan.FromMilliseconds(member!.SessionTimeoutMs));
        return State == GroupState.PreparingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
    }

    public LeaveGroupResult Leave(IReadOnlyList<LeaveGroupMember> leaving)
    {
        if (State == GroupState.Dead)
        {
            return new LeaveGroupResult(ErrorCode.CoordinatorNotAvailable, []);
        }

        var results = new List<LeaveGroupMemberResult>(leaving.Count);
        foreach (var request in leaving)
        {
            results.Add(new LeaveGroupMemberResult(request.MemberId, request.GroupInstanceId, LeaveOne(request)));
        }

        return new LeaveGroupResult(ErrorCode.None, results);
    }

    /// <summary>Checks an OffsetCommit against the group's members and state (Kafka's <c>validateOffsetCommit</c>).</summary>
    public ErrorCode ValidateOffsetCommit(OffsetCommitCommand request)
    {
        if (State == GroupState.Dead)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }

        if (request.GenerationId < 0 && State == GroupState.Empty)
        {
            return ErrorCode.None;
        }

        if (request.GenerationId >= 0 || request.MemberId.Length > 0 || request.GroupInstanceId is not null)
        {
            var error = ValidateMember(request.MemberId, request.GroupInstanceId, out _);
            if (error != ErrorCode.None)
            {
                return error;
            }

            if (request.GenerationId != GenerationId)
            {
                return ErrorCode.IllegalGeneration;
            }
        }
        else if (State != GroupState.Empty)
        {
            return ErrorCode.UnknownMemberId;
        }

        return State == GroupState.CompletingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
    }

    /// <summary>Whether OffsetDelete must refuse a topic: a member's subscription (any offered protocol) names it.</summary>
    public bool IsSubscribedTo(string topic)
    {
        foreach (var member in _members)
        {
            foreach (var protocol in member.Protocols)
            {
                if (ConsumerSubscription.TryReadTopics(protocol.Metadata, out var topics) && topics.Contains(topic))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public bool UsesConsumerProtocol => ProtocolType == ConsumerSubscription.ProtocolType;

    public GroupDescription Describe()
    {
        var stable = State == GroupState.Stable;
        var members = _members
            .Select(m => new GroupMemberDescription(
                m.MemberId,
                m.GroupInstanceId,
                m.ClientId,
                m.ClientHost,
                stable ? m.MetadataFor(ProtocolName) : [],
                stable ? m.Assignment : []))
            .ToList();
        return new GroupDescription(GroupId, State, ProtocolType ?? "", stable ? ProtocolName ?? "" : "", members);
    }

    /// <summary>Marks the group deleted: every later request gets COORDINATOR_NOT_AVAILABLE and finds a fresh group.</summary>
    public void MarkDead()
    {
        State = GroupState.Dead;
        _joinTimer?.Dispose();
        _syncTimer?.Dispose();
        foreach (var timer in _pendingMembers.Values)
        {
            timer.Dispose();
        }

        _pendingMembers.Clear();
        foreach (var member in _members)
        {
            member.SessionTimer?.Dispose();
            member.AwaitingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.CoordinatorNotAvailable, member.MemberId));
            member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.CoordinatorNotAvailable));
        }
    }

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
            var timer = time.CreateTimer(_ => OnPendingMemberExpired(newMemberId), null, TimeSpan.FromMilliseconds(request.SessionTimeoutMs), Timeout.InfiniteTimeSpan);
            _pendingMembers[newMemberId] = timer;
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

        switch (State)
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
                if (member!.MemberId == LeaderId || !member.Matches(request.Protocols))
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

        LeaderId ??= memberId;
        ProtocolType ??= request.ProtocolType;
        if (State == GroupState.PreparingRebalance && _inInitialDelay)
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
        var oldMetadata = member.MetadataFor(ProtocolName);
        _membersById.Remove(oldMemberId);
        member.MemberId = newMemberId;
        _membersById[newMemberId] = member;
        _staticMembers[member.GroupInstanceId!] = newMemberId;
        if (LeaderId == oldMemberId)
        {
            LeaderId = newMemberId;
        }

        if (_pendingSync.Remove(oldMemberId))
        {
            _pendingSync.Add(newMemberId);
        }

        if (State == GroupState.Stable)
        {
            Update(member, request);
            if (SelectProtocol() == ProtocolName && SameSubscription(oldMetadata, member.MetadataFor(ProtocolName)))
            {
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
        new(ErrorCode.None, GenerationId, ProtocolType, ProtocolName, LeaderId ?? "", member.MemberId, member.MemberId == LeaderId ? MemberMetadata() : []);

    private List<JoinGroupMember> MemberMetadata() =>
        [.. _members.Select(m => new JoinGroupMember(m.MemberId, m.GroupInstanceId, m.MetadataFor(ProtocolName)))];

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

        return protocolType == ProtocolType && protocols.Any(p => _members.All(m => m.Supports(p.Name)));
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

        if (LeaderId == member.MemberId)
        {
            LeaderId = _members.Count > 0 ? _members[0].MemberId : null;
        }

        switch (State)
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

    private void MaybePrepareRebalance()
    {
        if (State is GroupState.Empty or GroupState.Stable or GroupState.CompletingRebalance)
        {
            PrepareRebalance();
        }
    }

    private void PrepareRebalance()
    {
        if (State == GroupState.CompletingRebalance)
        {
            foreach (var member in _members)
            {
                member.Assignment = [];
                member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                member.AwaitingSync = null;
            }
        }

        _syncTimer?.Dispose();
        _syncTimer = null;
        _pendingSync.Clear();

        var initial = State == GroupState.Empty;
        var rebalanceTimeout = TimeSpan.FromMilliseconds(_members.Count > 0 ? _members.Max(m => m.RebalanceTimeoutMs) : 0);
        State = GroupState.PreparingRebalance;
        var round = ++_round;
        _joinTimer?.Dispose();
        if (initial)
        {
            var delay = options.InitialRebalanceDelay < rebalanceTimeout ? options.InitialRebalanceDelay : rebalanceTimeout;
            _inInitialDelay = true;
            _newMemberAdded = false;
            _initialDelayRemaining = rebalanceTimeout - delay;
            _joinTimer = time.CreateTimer(_ => OnInitialDelayExpired(round), null, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _inInitialDelay = false;
            _joinTimer = time.CreateTimer(_ => OnJoinTimeout(round), null, rebalanceTimeout, Timeout.InfiniteTimeSpan);
            TryCompleteJoin();
        }
    }

    private void OnInitialDelayExpired(int round)
    {
        lock (Sync)
        {
            if (round != _round || State != GroupState.PreparingRebalance)
            {
                return;
            }

            if (_newMemberAdded && _initialDelayRemaining > TimeSpan.Zero)
            {
                var delay = options.InitialRebalanceDelay < _initialDelayRemaining ? options.InitialRebalanceDelay : _initialDelayRemaining;
                _initialDelayRemaining -= delay;
                _newMemberAdded = false;
                _joinTimer?.Dispose();
                _joinTimer = time.CreateTimer(_ => OnInitialDelayExpired(round), null, delay, Timeout.InfiniteTimeSpan);
                return;
            }

            _inInitialDelay = false;
            CompleteJoin();
        }
    }

    private void OnJoinTimeout(int round)
    {
        lock (Sync)
        {
            if (round == _round && State == GroupState.PreparingRebalance)
            {
                CompleteJoin();
            }
        }
    }

    private void TryCompleteJoin()
    {
        if (State == GroupState.PreparingRebalance && !_inInitialDelay && _pendingMembers.Count == 0 && _members.All(m => m.AwaitingJoin is not null))
        {
            CompleteJoin();
        }
    }

    /// <summary>Ends the join phase: drop dynamic members that did not rejoin, elect a leader, pick the protocol, answer every parked join.</summary>
    private void CompleteJoin()
    {
        _joinTimer?.Dispose();
        _joinTimer = null;
        foreach (var member in _members.Where(m => m.AwaitingJoin is null && m.GroupInstanceId is null).ToList())
        {
            member.SessionTimer?.Dispose();
            _members.Remove(member);
            _membersById.Remove(member.MemberId);
        }

        if (LeaderId is null || !_membersById.TryGetValue(LeaderId, out var leader) || leader.AwaitingJoin is null)
        {
            LeaderId = (_members.FirstOrDefault(m => m.AwaitingJoin is not null) ?? _members.FirstOrDefault())?.MemberId;
        }

        GenerationId++;
        var round = ++_round;
        if (_members.Count == 0)
        {
            ProtocolName = null;
            State = GroupState.Empty;
            EmptySince = Now;
            GroupEmptied(GroupId, GenerationId);
            return;
        }

        ProtocolName = SelectProtocol();
        State = GroupState.CompletingRebalance;
        GroupRebalanced(GroupId, GenerationId, _members.Count, ProtocolName);
        foreach (var member in _members)
        {
            _pendingSync.Add(member.MemberId);
            if (member.AwaitingJoin is { } parked)
            {
                member.AwaitingJoin = null;
                member.IsNew = false;
                parked.TrySetResult(CurrentGenerationFor(member));
                ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
            }
        }

        var rebalanceTimeout = TimeSpan.FromMilliseconds(_members.Max(m => m.RebalanceTimeoutMs));
        _syncTimer = time.CreateTimer(_ => OnSyncTimeout(round), null, rebalanceTimeout, Timeout.InfiniteTimeSpan);
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

        State = GroupState.Stable;
        foreach (var member in _members)
        {
            if (member.AwaitingSync is { } parked)
            {
                member.AwaitingSync = null;
                parked.TrySetResult(new SyncGroupResult(ErrorCode.None, ProtocolType, ProtocolName, member.Assignment));
            }
        }
    }

    private void OnSyncTimeout(int round)
    {
        lock (Sync)
        {
            if (round != _round || State is not (GroupState.CompletingRebalance or GroupState.Stable) || _pendingSync.Count == 0)
            {
                return;
            }

            foreach (var memberId in _pendingSync.ToList())
            {
                if (_membersById.TryGetValue(memberId, out var member))
                {
                    MemberMissedSync(memberId, GroupId, GenerationId);
                    RemoveMemberAndUpdateGroup(member);
                }
            }
        }
    }

    private string? SelectProtocol()
    {
        if (_members.Count == 0)
        {
            return null;
        }

        var candidates = _members[0].Protocols.Select(p => p.Name).Where(name => _members.All(m => m.Supports(name))).ToList();
        var votes = candidates.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        foreach (var member in _members)
        {
            var choice = member.Protocols.FirstOrDefault(p => votes.ContainsKey(p.Name));
            if (choice is not null)
            {
                votes[choice.Name]++;
            }
        }

        return candidates.OrderByDescending(c => votes[c]).FirstOrDefault();
    }

    private void ScheduleSession(GroupMember member, TimeSpan timeout)
    {
        member.SessionDeadline = Now + timeout;
        if (member.SessionTimer is null)
        {
            member.SessionTimer = time.CreateTimer(_ => OnSessionTimer(member), null, timeout, Timeout.InfiniteTimeSpan);
        }
        else
        {
            member.SessionTimer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnSessionTimer(GroupMember member)
    {
        lock (Sync)
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
    }

    private void OnPendingMemberExpired(string memberId)
    {
        lock (Sync)
        {
            if (_pendingMembers.Remove(memberId, out var timer))
            {
                timer.Dispose();
                TryCompleteJoin();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} moved to generation {GenerationId} with {Members} members (protocol {Protocol})")]
    private partial void GroupRebalanced(string groupId, int generationId, int members, string? protocol);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} is empty at generation {GenerationId}")]
    private partial void GroupEmptied(string groupId, int generationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} of group {GroupId} removed: no heartbeat within its {SessionTimeoutMs} ms session timeout")]
    private partial void MemberExpired(string memberId, string groupId, int sessionTimeoutMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} of group {GroupId} removed: no SyncGroup for generation {GenerationId} within the rebalance timeout")]
    private partial void MemberMissedSync(string memberId, string groupId, int generationId);
}
