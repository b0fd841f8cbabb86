using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

// The join phase of a rebalance: entering PreparingRebalance, ending it (new generation, leader, protocol), and the
// initial-delay and rebalance-timeout timers that bound it. Every method here runs under the group's lock.
internal sealed partial class ConsumerGroup
{
    private ITimer? _joinTimer;
    private int _round;
    private bool _inInitialDelay;
    private bool _newMemberAdded;
    private TimeSpan _initialDelayRemaining;

    private void MaybePrepareRebalance()
    {
        if (_state is GroupState.Empty or GroupState.Stable or GroupState.CompletingRebalance)
        {
            PrepareRebalance();
        }
    }

    private void PrepareRebalance()
    {
        if (_state == GroupState.CompletingRebalance)
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

        var initial = _state == GroupState.Empty;
        var rebalanceTimeout = TimeSpan.FromMilliseconds(_members.Count > 0 ? _members.Max(m => m.RebalanceTimeoutMs) : 0);
        TransitionTo(GroupState.PreparingRebalance);
        var round = ++_round;
        _joinTimer?.Dispose();
        if (initial)
        {
            var delay = options.InitialRebalanceDelay < rebalanceTimeout ? options.InitialRebalanceDelay : rebalanceTimeout;
            _inInitialDelay = true;
            _newMemberAdded = false;
            _initialDelayRemaining = rebalanceTimeout - delay;
            _joinTimer = StartTimer(() => OnInitialDelayExpired(round), delay);
        }
        else
        {
            _inInitialDelay = false;
            _joinTimer = StartTimer(() => OnJoinTimeout(round), rebalanceTimeout);
            TryCompleteJoin();
        }
    }

    private void OnInitialDelayExpired(int round)
    {
        if (round != _round || _state != GroupState.PreparingRebalance)
        {
            return;
        }

        if (_newMemberAdded && _initialDelayRemaining > TimeSpan.Zero)
        {
            var delay = options.InitialRebalanceDelay < _initialDelayRemaining ? options.InitialRebalanceDelay : _initialDelayRemaining;
            _initialDelayRemaining -= delay;
            _newMemberAdded = false;
            _joinTimer?.Dispose();
            _joinTimer = StartTimer(() => OnInitialDelayExpired(round), delay);
            return;
        }

        _inInitialDelay = false;
        CompleteJoin();
    }

    private void OnJoinTimeout(int round)
    {
        if (round == _round && _state == GroupState.PreparingRebalance)
        {
            CompleteJoin();
        }
    }

    private void TryCompleteJoin()
    {
        if (_state == GroupState.PreparingRebalance && !_inInitialDelay && _pendingMembers.Count == 0 && _members.All(m => m.AwaitingJoin is not null))
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

        if (_leaderId is null || !_membersById.TryGetValue(_leaderId, out var leader) || leader.AwaitingJoin is null)
        {
            _leaderId = (_members.FirstOrDefault(m => m.AwaitingJoin is not null) ?? _members.FirstOrDefault())?.MemberId;
        }

        _generationId++;
        var round = ++_round;
        if (_members.Count == 0)
        {
            _protocolName = null;
            TransitionTo(GroupState.Empty);
            _emptySince = Now;
            GroupEmptied(GroupId, _generationId);
            Persist();
            return;
        }

        _protocolName = SelectProtocol();
        TransitionTo(GroupState.CompletingRebalance);
        GroupRebalanced(GroupId, _generationId, _members.Count, _protocolName);
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

        // Floored at each member's session timeout: a raw JoinGroup may carry rebalance timeout 0, and a member must
        // not be dropped for a SyncGroup it had no time to send.
        var syncTimeout = TimeSpan.FromMilliseconds(_members.Max(m => Math.Max(m.RebalanceTimeoutMs, m.SessionTimeoutMs)));
        _syncTimer = StartTimer(() => OnSyncTimeout(round), syncTimeout);
    }

    /// <summary>The protocol every member supports that most members list first.</summary>
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} moved to generation {GenerationId} with {Members} members (protocol {Protocol})")]
    private partial void GroupRebalanced(string groupId, int generationId, int members, string? protocol);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} is empty at generation {GenerationId}")]
    private partial void GroupEmptied(string groupId, int generationId);
}
