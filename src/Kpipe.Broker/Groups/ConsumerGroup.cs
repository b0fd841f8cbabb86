using System.Diagnostics;
using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

/// <summary>
/// One classic group (Kafka's <c>GroupMetadata</c>) and the sole owner of its state. Members, generation, the join and
/// sync phases and the group's timers change only inside the whole operations in this file, each of which takes the
/// group's private lock; the other parts of this class (membership, rebalance, assignment, timers, offsets) are private
/// steps that run under it. Timer callbacks enter through the same lock (<see cref="StartTimer"/>), so a timer never runs
/// in the middle of a request, and they re-check their round or deadline, so a timer that lost a race with a request does
/// nothing. Parked JoinGroup and SyncGroup requests are answered through TaskCompletionSources that run their
/// continuations elsewhere, so no caller's code runs while the lock is held. Committed offsets live in the
/// <see cref="OffsetStore"/>: the group writes them under its lock, so a commit is checked against the generation it is
/// written at. Its metadata is written to the <see cref="GroupMetadataStore"/> whenever it becomes Stable or Empty, and
/// restored (as Stable or Empty) when the coordinator starts.
/// <code>
/// state               JoinGroup                                  SyncGroup                    Heartbeat        OffsetCommit (member)
/// Empty               new member → PreparingRebalance            UNKNOWN_MEMBER_ID            UNKNOWN_MEMBER_ID gen -1 only
/// PreparingRebalance  parked until the join phase ends           REBALANCE_IN_PROGRESS        REBALANCE_IN_…   generation must match
/// CompletingRebalance same metadata: current generation at once; parked until leader assigns  OK               REBALANCE_IN_PROGRESS
///                     changed: → PreparingRebalance
/// Stable              leader or changed metadata: → Preparing…;  stored assignment            OK               generation must match
///                     else current generation at once
/// Dead                COORDINATOR_NOT_AVAILABLE everywhere (the group was deleted; the next request finds a new group)
///
/// Transitions (TransitionTo refuses any other: it would be a bug):
/// Empty               → PreparingRebalance  first join; waits InitialRebalanceDelay, extended while members keep arriving
/// PreparingRebalance  → CompletingRebalance all known members rejoined, or the rebalance timeout
///                     → Empty               no member left when the join phase ends
/// CompletingRebalance → Stable              the leader's SyncGroup
///                     → PreparingRebalance  a join with new metadata, a member left, expired or missed its SyncGroup
/// Stable              → PreparingRebalance  the leader rejoins, metadata changes, a member leaves, expires or missed its SyncGroup
/// Empty               → Dead                DeleteGroups, or every committed offset expired
/// any state           → Dead                the coordinator stops
/// </code>
/// </summary>
internal sealed partial class ConsumerGroup(
    string groupId, GroupCoordinatorOptions options, TimeProvider time, OffsetStore offsetStore, GroupMetadataStore metadataStore, ILogger logger)
{
    private readonly Lock _sync = new();
    private readonly ILogger _logger = logger;
    private readonly List<GroupMember> _members = [];
    private readonly Dictionary<string, GroupMember> _membersById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _staticMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ITimer> _pendingMembers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingSync = new(StringComparer.Ordinal);
    private GroupState _state = GroupState.Empty;
    private int _generationId;
    private string? _protocolType;
    private string? _protocolName;
    private string? _leaderId;

    /// <summary>When the group last became Empty; offset retention of an empty group counts from here.</summary>
    private DateTimeOffset _emptySince = time.GetUtcNow();

    public string GroupId { get; } = groupId;

    private bool HasNoMembers => _members.Count == 0 && _pendingMembers.Count == 0;

    private bool UsesConsumerProtocol => _protocolType == ConsumerSubscription.ProtocolType;

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>JoinGroup; the answer is often parked until the join phase ends.</summary>
    public Task<JoinGroupResult> Join(JoinGroupCommand request)
    {
        lock (_sync)
        {
            if (_state == GroupState.Dead)
            {
                return Task.FromResult(JoinGroupResult.Failed(ErrorCode.CoordinatorNotAvailable, request.MemberId));
            }

            if (!SupportsProtocols(request.ProtocolType, request.Protocols))
            {
                return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId));
            }

            return request.MemberId.Length == 0 ? JoinNewMember(request) : JoinExistingMember(request);
        }
    }

    /// <summary>SyncGroup; in CompletingRebalance the answer is parked until the leader's assignment arrives.</summary>
    public Task<SyncGroupResult> Sync(SyncGroupCommand request)
    {
        lock (_sync)
        {
            return _state == GroupState.Dead
                ? Task.FromResult(SyncGroupResult.Failed(ErrorCode.CoordinatorNotAvailable))
                : SyncMember(request);
        }
    }

    /// <summary>Heartbeat: restarts the member's session timer.</summary>
    public ErrorCode Heartbeat(HeartbeatCommand request)
    {
        lock (_sync)
        {
            if (_state == GroupState.Dead)
            {
                return ErrorCode.CoordinatorNotAvailable;
            }

            if (_state == GroupState.Empty)
            {
                return ErrorCode.UnknownMemberId;
            }

            var error = ValidateMember(request.MemberId, request.GroupInstanceId, out var member);
            if (error != ErrorCode.None)
            {
                return error;
            }

            if (request.GenerationId != _generationId)
            {
                return ErrorCode.IllegalGeneration;
            }

            ScheduleSession(member!, TimeSpan.FromMilliseconds(member!.SessionTimeoutMs));
            return _state == GroupState.PreparingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
        }
    }

    /// <summary>LeaveGroup for one or more members.</summary>
    public LeaveGroupResult Leave(IReadOnlyList<LeaveGroupMember> leaving)
    {
        lock (_sync)
        {
            if (_state == GroupState.Dead)
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
    }

    /// <summary>
    /// OffsetCommit: checks the request against the group's members and state, then writes <paramref name="accepted"/>
    /// (the partitions that passed the coordinator's per-partition checks) to the offsets log. NONE, or the error every
    /// partition gets.
    /// </summary>
    public ErrorCode CommitOffsets(OffsetCommitCommand request, IReadOnlyList<(string Topic, int Partition, StoredOffset Offset)> accepted)
    {
        lock (_sync)
        {
            var error = ValidateOffsetCommit(request);
            return error == ErrorCode.None ? WriteOffsets(accepted) : error;
        }
    }

    /// <summary>The offsets of a committed transaction: checked when they were sent (TxnOffsetCommit), written now whatever the group's generation.</summary>
    public ErrorCode CommitTransactionalOffsets(IReadOnlyList<(string Topic, int Partition, StoredOffset Offset)> accepted)
    {
        lock (_sync)
        {
            return WriteOffsets(accepted);
        }
    }

    /// <summary>OffsetDelete: removes committed offsets of topics no member is subscribed to.</summary>
    public OffsetDeleteResult DeleteOffsets(IReadOnlyList<TopicPartitions> topics)
    {
        lock (_sync)
        {
            return DeleteUnsubscribedOffsets(topics);
        }
    }

    /// <summary>Kafka's offset expiry for this group; true when every offset expired and the group is now Dead.</summary>
    public bool ExpireOffsets()
    {
        lock (_sync)
        {
            return ExpireOffsetsOfEmptyGroup();
        }
    }

    /// <summary>DeleteGroups for this group: only an empty group goes, and its committed offsets with it.</summary>
    public ErrorCode Delete()
    {
        lock (_sync)
        {
            if (_state == GroupState.Dead)
            {
                return ErrorCode.GroupIdNotFound;
            }

            if (_state != GroupState.Empty || !HasNoMembers)
            {
                return ErrorCode.NonEmptyGroup;
            }

            try
            {
                offsetStore.DeleteGroup(GroupId);
            }
            catch (IOException e)
            {
                OffsetsWriteFailed(e, GroupId);
                return ErrorCode.UnknownServerError;
            }

            metadataStore.Remove(GroupId);
            MarkDead();
            return ErrorCode.None;
        }
    }

    /// <summary>DescribeGroups: metadata, assignments and the protocol are shown only when the group is Stable.</summary>
    public GroupDescription Describe()
    {
        lock (_sync)
        {
            var stable = _state == GroupState.Stable;
            var members = _members
                .Select(m => new GroupMemberDescription(
                    m.MemberId,
                    m.GroupInstanceId,
                    m.ClientId,
                    m.ClientHost,
                    stable ? m.MetadataFor(_protocolName) : [],
                    stable ? m.Assignment : []))
                .ToList();
            return new GroupDescription(GroupId, _state, _protocolType ?? "", stable ? _protocolName ?? "" : "", members);
        }
    }

    /// <summary>ListGroups: the group's listing, or null once it is Dead.</summary>
    public GroupListing? Listing()
    {
        lock (_sync)
        {
            return _state == GroupState.Dead ? null : new GroupListing(GroupId, _protocolType ?? "", _state);
        }
    }

    /// <summary>Stops the group when the coordinator stops: parked requests get COORDINATOR_NOT_AVAILABLE, timers stop.</summary>
    public void Stop()
    {
        lock (_sync)
        {
            MarkDead();
        }
    }

    /// <summary>Marks the group deleted: every later request gets COORDINATOR_NOT_AVAILABLE and finds a fresh group.</summary>
    private void MarkDead()
    {
        TransitionTo(GroupState.Dead);
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

    private void TransitionTo(GroupState next)
    {
        Debug.Assert(_sync.IsHeldByCurrentThread, "group state changes only under the group's lock");
        if (!IsAllowed(_state, next))
        {
            throw new InvalidOperationException($"Group {GroupId} cannot move from {_state} to {next}");
        }

        _state = next;
    }

    /// <summary>The transition table of the header as Kafka states it: each state's valid previous states.</summary>
    private static bool IsAllowed(GroupState from, GroupState to) => to switch
    {
        GroupState.PreparingRebalance => from is GroupState.Empty or GroupState.CompletingRebalance or GroupState.Stable,
        GroupState.CompletingRebalance => from == GroupState.PreparingRebalance,
        GroupState.Stable => from == GroupState.CompletingRebalance,
        GroupState.Empty => from == GroupState.PreparingRebalance,
        GroupState.Dead => true,
        _ => false,
    };
}
