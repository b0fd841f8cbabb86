using System.Collections.Concurrent;
using System.Text;
using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

/// <summary>
/// The classic-protocol group coordinator of a single node (Kafka's <c>GroupMetadataManager</c> for classic groups) and the
/// owner of committed offsets. Handlers call it with decoded requests; each group is changed by one writer at a time.
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
/// Empty → PreparingRebalance (first join; waits InitialRebalanceDelay, extended while members keep arriving)
/// PreparingRebalance → CompletingRebalance (all known members rejoined, or the rebalance timeout) | → Empty (no member left)
/// CompletingRebalance → Stable (leader's SyncGroup) | → PreparingRebalance (join with new metadata, member left or expired)
/// Stable → PreparingRebalance (leader rejoins, metadata changes, member leaves, expires or misses its SyncGroup)
/// Empty → Dead (DeleteGroups, or every offset expired)
/// </code>
/// </summary>
public sealed partial class GroupCoordinator : IDisposable
{
    private readonly ConcurrentDictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly GroupCoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GroupCoordinator> _logger;
    private readonly Func<string, int, bool> _partitionExists;
    private readonly OffsetStore _store;
    private readonly ITimer _retentionTimer;

    /// <summary>
    /// Loads committed offsets from <c>&lt;dataDirectory&gt;/__consumer_offsets</c> and starts the offset-retention check.
    /// <paramref name="partitionExists"/> lets OffsetCommit answer UNKNOWN_TOPIC_OR_PARTITION; null accepts any partition.
    /// </summary>
    public GroupCoordinator(
        string dataDirectory,
        GroupCoordinatorOptions options,
        TimeProvider time,
        ILogger<GroupCoordinator> logger,
        Func<string, int, bool>? partitionExists = null)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _partitionExists = partitionExists ?? ((_, _) => true);
        _store = OffsetStore.Open(OffsetStore.DirectoryIn(dataDirectory), logger);
        var now = time.GetUtcNow();
        foreach (var (groupId, offsets) in _store.Snapshot())
        {
            var group = NewGroup(groupId, now);
            foreach (var (partition, offset) in offsets)
            {
                group.Offsets[partition] = offset;
            }

            _groups[groupId] = group;
        }

        _retentionTimer = time.CreateTimer(_ => ExpireOffsets(), null, options.OffsetsRetentionCheckInterval, options.OffsetsRetentionCheckInterval);
    }

    /// <summary>JoinGroup: validates, then joins (often parked until the join phase ends).</summary>
    public Task<JoinGroupResult> JoinGroupAsync(JoinGroupCommand request, CancellationToken cancellationToken = default)
    {
        if (request.GroupId.Length == 0)
        {
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InvalidGroupId, request.MemberId));
        }

        if (request.SessionTimeoutMs < _options.MinSessionTimeoutMs || request.SessionTimeoutMs > _options.MaxSessionTimeoutMs)
        {
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InvalidSessionTimeout, request.MemberId));
        }

        ConsumerGroup? group;
        if (request.MemberId.Length == 0)
        {
            group = GetOrCreate(request.GroupId);
        }
        else if (!_groups.TryGetValue(request.GroupId, out group))
        {
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, request.MemberId));
        }

        Task<JoinGroupResult> result;
        lock (group.Sync)
        {
            result = group.Join(request);
        }

        return result.WaitAsync(cancellationToken);
    }

    /// <summary>SyncGroup: the leader's assignment completes every member's parked sync.</summary>
    public Task<SyncGroupResult> SyncGroupAsync(SyncGroupCommand request, CancellationToken cancellationToken = default)
    {
        if (request.GroupId.Length == 0)
        {
            return Task.FromResult(SyncGroupResult.Failed(ErrorCode.InvalidGroupId));
        }

        if (!_groups.TryGetValue(request.GroupId, out var group))
        {
            return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        }

        Task<SyncGroupResult> result;
        lock (group.Sync)
        {
            result = group.SyncGroup(request);
        }

        return result.WaitAsync(cancellationToken);
    }

    /// <summary>Heartbeat: restarts the member's session timer; REBALANCE_IN_PROGRESS tells it to rejoin.</summary>
    public ErrorCode Heartbeat(HeartbeatCommand request)
    {
        if (request.GroupId.Length == 0)
        {
            return ErrorCode.InvalidGroupId;
        }

        if (!_groups.TryGetValue(request.GroupId, out var group))
        {
            return ErrorCode.UnknownMemberId;
        }

        lock (group.Sync)
        {
            return group.Heartbeat(request);
        }
    }

    /// <summary>LeaveGroup for one or more members (v3+ batches them; static members may be named by instance id alone).</summary>
    public LeaveGroupResult LeaveGroup(string groupId, IReadOnlyList<LeaveGroupMember> members)
    {
        if (groupId.Length == 0)
        {
            return new LeaveGroupResult(ErrorCode.InvalidGroupId, []);
        }

        if (!_groups.TryGetValue(groupId, out var group))
        {
            return new LeaveGroupResult(ErrorCode.UnknownMemberId, []);
        }

        lock (group.Sync)
        {
            return group.Leave(members);
        }
    }

    /// <summary>OffsetCommit: group-level checks, then per partition (metadata size, partition existence); accepted offsets are on disk when this returns.</summary>
    public IReadOnlyList<PartitionResult> CommitOffsets(OffsetCommitCommand request)
    {
        if (request.GroupId.Length == 0)
        {
            return AllFailed(request.Offsets, ErrorCode.InvalidGroupId);
        }

        ConsumerGroup? group;
        if (request.GenerationId < 0)
        {
            group = GetOrCreate(request.GroupId);
        }
        else if (!_groups.TryGetValue(request.GroupId, out group))
        {
            return AllFailed(request.Offsets, ErrorCode.IllegalGeneration);
        }

        lock (group.Sync)
        {
            var error = group.ValidateOffsetCommit(request);
            if (error != ErrorCode.None)
            {
                return AllFailed(request.Offsets, error);
            }

            var now = _time.GetUtcNow();
            var results = new List<PartitionResult>(request.Offsets.Count);
            var accepted = new List<(string Topic, int Partition, StoredOffset Offset)>(request.Offsets.Count);
            foreach (var entry in request.Offsets)
            {
                var metadata = entry.Metadata ?? "";
                if (Encoding.UTF8.GetByteCount(metadata) > _options.OffsetMetadataMaxBytes)
                {
                    results.Add(new PartitionResult(entry.Topic, entry.Partition, ErrorCode.OffsetMetadataTooLarge));
                }
                else if (!_partitionExists(entry.Topic, entry.Partition))
                {
                    results.Add(new PartitionResult(entry.Topic, entry.Partition, ErrorCode.UnknownTopicOrPartition));
                }
                else
                {
                    accepted.Add((entry.Topic, entry.Partition, new StoredOffset(entry.Offset, entry.LeaderEpoch, metadata, now)));
                    results.Add(new PartitionResult(entry.Topic, entry.Partition, ErrorCode.None));
                }
            }

            try
            {
                _store.Commit(group.GroupId, accepted);
            }
            catch (IOException e)
            {
                CommitFailed(e, group.GroupId);
                return AllFailed(request.Offsets, ErrorCode.UnknownServerError);
            }

            foreach (var (topic, partition, offset) in accepted)
            {
                group.Offsets[(topic, partition)] = offset;
            }

            return results;
        }
    }

    /// <summary>OffsetFetch: the committed offsets of the named partitions (-1 where none), or of every committed partition when <paramref name="topics"/> is null.</summary>
    public IReadOnlyList<CommittedOffset> FetchOffsets(string groupId, IReadOnlyList<TopicPartitions>? topics)
    {
        if (!_groups.TryGetValue(groupId, out var group))
        {
            return topics is null ? [] : [.. topics.SelectMany(t => t.Partitions.Select(p => CommittedOffset.None(t.Topic, p)))];
        }

        lock (group.Sync)
        {
            if (topics is null)
            {
                return [.. group.Offsets
                    .OrderBy(o => o.Key.Topic, StringComparer.Ordinal)
                    .ThenBy(o => o.Key.Partition)
                    .Select(o => ToCommitted(o.Key.Topic, o.Key.Partition, o.Value))];
            }

            return [.. topics.SelectMany(t => t.Partitions.Select(p =>
                group.Offsets.TryGetValue((t.Topic, p), out var stored) ? ToCommitted(t.Topic, p, stored) : CommittedOffset.None(t.Topic, p)))];
        }
    }

    /// <summary>OffsetDelete: removes committed offsets of topics no member is subscribed to.</summary>
    public OffsetDeleteResult DeleteOffsets(string groupId, IReadOnlyList<TopicPartitions> topics)
    {
        if (!_groups.TryGetValue(groupId, out var group))
        {
            return new OffsetDeleteResult(ErrorCode.GroupIdNotFound, []);
        }

        lock (group.Sync)
        {
            if (group.State == GroupState.Dead)
            {
                return new OffsetDeleteResult(ErrorCode.GroupIdNotFound, []);
            }

            if (group.MemberCount > 0 && !group.UsesConsumerProtocol)
            {
                return new OffsetDeleteResult(ErrorCode.NonEmptyGroup, []);
            }

            var results = new List<PartitionResult>();
            var deleted = new List<(string Topic, int Partition)>();
            foreach (var topic in topics)
            {
                var subscribed = group.MemberCount > 0 && group.IsSubscribedTo(topic.Topic);
                foreach (var partition in topic.Partitions)
                {
                    if (subscribed)
                    {
                        results.Add(new PartitionResult(topic.Topic, partition, ErrorCode.GroupSubscribedToTopic));
                        continue;
                    }

                    if (group.Offsets.ContainsKey((topic.Topic, partition)))
                    {
                        deleted.Add((topic.Topic, partition));
                    }

                    results.Add(new PartitionResult(topic.Topic, partition, ErrorCode.None));
                }
            }

            try
            {
                _store.DeleteOffsets(groupId, deleted);
            }
            catch (IOException e)
            {
                CommitFailed(e, groupId);
                return new OffsetDeleteResult(ErrorCode.UnknownServerError, []);
            }

            foreach (var partition in deleted)
            {
                group.Offsets.Remove(partition);
            }

            return new OffsetDeleteResult(ErrorCode.None, results);
        }
    }

    /// <summary>DescribeGroups: unknown groups are described as Dead with no members, as Kafka does.</summary>
    public IReadOnlyList<GroupDescription> DescribeGroups(IReadOnlyList<string> groupIds)
    {
        var descriptions = new List<GroupDescription>(groupIds.Count);
        foreach (var groupId in groupIds)
        {
            if (_groups.TryGetValue(groupId, out var group))
            {
                lock (group.Sync)
                {
                    descriptions.Add(group.Describe());
                }
            }
            else
            {
                descriptions.Add(new GroupDescription(groupId, GroupState.Dead, "", "", []));
            }
        }

        return descriptions;
    }

    /// <summary>ListGroups: every live group, or only those in <paramref name="states"/> when it is not empty (v4+ filter).</summary>
    public IReadOnlyList<GroupListing> ListGroups(IReadOnlyCollection<GroupState>? states = null)
    {
        var listings = new List<GroupListing>();
        foreach (var group in _groups.Values)
        {
            lock (group.Sync)
            {
                if (group.State != GroupState.Dead && (states is null || states.Count == 0 || states.Contains(group.State)))
                {
                    listings.Add(new GroupListing(group.GroupId, group.ProtocolType ?? "", group.State));
                }
            }
        }

        return [.. listings.OrderBy(l => l.GroupId, StringComparer.Ordinal)];
    }

    /// <summary>DeleteGroups: only empty groups can go; their committed offsets go with them.</summary>
    public IReadOnlyList<GroupDeletionResult> DeleteGroups(IReadOnlyList<string> groupIds)
    {
        var results = new List<GroupDeletionResult>(groupIds.Count);
        foreach (var groupId in groupIds)
        {
            results.Add(new GroupDeletionResult(groupId, DeleteGroup(groupId)));
        }

        return results;
    }

    /// <summary>Stops the retention check and closes the offsets log.</summary>
    public void Dispose()
    {
        _retentionTimer.Dispose();
        foreach (var group in _groups.Values)
        {
            lock (group.Sync)
            {
                group.MarkDead();
            }
        }

        _store.Dispose();
    }

    private ErrorCode DeleteGroup(string groupId)
    {
        if (!_groups.TryGetValue(groupId, out var group))
        {
            return ErrorCode.GroupIdNotFound;
        }

        lock (group.Sync)
        {
            if (group.State == GroupState.Dead)
            {
                return ErrorCode.GroupIdNotFound;
            }

            if (group.State != GroupState.Empty || !group.HasNoMembers)
            {
                return ErrorCode.NonEmptyGroup;
            }

            try
            {
                _store.DeleteGroup(groupId);
            }
            catch (IOException e)
            {
                CommitFailed(e, groupId);
                return ErrorCode.UnknownServerError;
            }

            group.MarkDead();
            _groups.TryRemove(new KeyValuePair<string, ConsumerGroup>(groupId, group));
            GroupDeleted(groupId);
            return ErrorCode.None;
        }
    }

    /// <summary>Kafka's offset expiry: an Empty group's offsets go once both their commit and the group's emptying are older than the retention.</summary>
    private void ExpireOffsets()
    {
        var now = _time.GetUtcNow();
        foreach (var group in _groups.Values)
        {
            lock (group.Sync)
            {
                if (group.State != GroupState.Empty || !group.HasNoMembers)
                {
                    continue;
                }

                var expired = group.Offsets
                    .Where(o => now - Later(o.Value.CommitTimestamp, group.EmptySince) >= _options.OffsetsRetention)
                    .Select(o => o.Key)
                    .ToList();
                try
                {
                    if (expired.Count == group.Offsets.Count)
                    {
                        _store.DeleteGroup(group.GroupId);
                        group.MarkDead();
                        _groups.TryRemove(new KeyValuePair<string, ConsumerGroup>(group.GroupId, group));
                    }
                    else
                    {
                        _store.DeleteOffsets(group.GroupId, expired);
                    }
                }
                catch (IOException e)
                {
                    CommitFailed(e, group.GroupId);
                    continue;
                }

                foreach (var partition in expired)
                {
                    group.Offsets.Remove(partition);
                }

                if (expired.Count > 0)
                {
                    OffsetsExpired(expired.Count, group.GroupId);
                }
            }
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private ConsumerGroup GetOrCreate(string groupId) => _groups.GetOrAdd(groupId, id => NewGroup(id, _time.GetUtcNow()));

    private ConsumerGroup NewGroup(string groupId, DateTimeOffset now) => new(groupId, _options, _time, now, _logger);

    private static CommittedOffset ToCommitted(string topic, int partition, StoredOffset stored) =>
        new(topic, partition, stored.Offset, stored.LeaderEpoch, stored.Metadata);

    private static List<PartitionResult> AllFailed(IReadOnlyList<OffsetCommitEntry> offsets, ErrorCode error) =>
        [.. offsets.Select(o => new PartitionResult(o.Topic, o.Partition, error))];

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the offsets log for group {GroupId}")]
    private partial void CommitFailed(Exception exception, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} deleted")]
    private partial void GroupDeleted(string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} committed offsets of empty group {GroupId}")]
    private partial void OffsetsExpired(int count, string groupId);
}
