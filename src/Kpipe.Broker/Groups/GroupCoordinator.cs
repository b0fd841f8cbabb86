using System.Collections.Concurrent;
using System.Text;
using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

/// <summary>
/// The classic-protocol group coordinator of a single node (Kafka's <c>GroupMetadataManager</c> for classic groups): it
/// validates what needs no group, finds or creates the group a request names, and hands the request to that group, the
/// one owner of its state (<see cref="ConsumerGroup"/> documents the states and transitions). It never touches a group's
/// state itself. Committed offsets live in one <see cref="OffsetStore"/>, loaded at start, from which OffsetFetch reads;
/// group metadata (generation, members, assignments) in one <see cref="GroupMetadataStore"/>, restored at start.
/// </summary>
public sealed partial class GroupCoordinator : IDisposable
{
    private readonly ConcurrentDictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly GroupCoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GroupCoordinator> _logger;
    private readonly Func<string, int, bool> _partitionExists;
    private readonly OffsetStore _store;
    private readonly GroupMetadataStore _metadata;
    private readonly ITimer _retentionTimer;

    /// <summary>
    /// Loads committed offsets and group metadata from <c>&lt;dataDirectory&gt;/__consumer_offsets</c> and starts the offset-retention check.
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
        _metadata = GroupMetadataStore.Open(OffsetStore.DirectoryIn(dataDirectory), logger);
        foreach (var groupId in _store.GroupIds())
        {
            _groups[groupId] = NewGroup(groupId);
        }

        foreach (var stored in _metadata.Groups())
        {
            GetOrCreate(stored.GroupId).Restore(stored);
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

        return group.Join(request).WaitAsync(cancellationToken);
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

        return group.Sync(request).WaitAsync(cancellationToken);
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

        return group.Heartbeat(request);
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

        return group.Leave(members);
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

        var error = group.CommitOffsets(request, accepted);
        return error == ErrorCode.None ? results : AllFailed(request.Offsets, error);
    }

    /// <summary>OffsetFetch: the committed offsets of the named partitions (-1 where none), or of every committed partition when <paramref name="topics"/> is null.</summary>
    public IReadOnlyList<CommittedOffset> FetchOffsets(string groupId, IReadOnlyList<TopicPartitions>? topics)
    {
        var committed = _store.Offsets(groupId);
        if (topics is null)
        {
            return [.. committed
                .OrderBy(o => o.Key.Topic, StringComparer.Ordinal)
                .ThenBy(o => o.Key.Partition)
                .Select(o => ToCommitted(o.Key.Topic, o.Key.Partition, o.Value))];
        }

        return [.. topics.SelectMany(t => t.Partitions.Select(p =>
            committed.TryGetValue((t.Topic, p), out var stored) ? ToCommitted(t.Topic, p, stored) : CommittedOffset.None(t.Topic, p)))];
    }

    /// <summary>OffsetDelete: removes committed offsets of topics no member is subscribed to.</summary>
    public OffsetDeleteResult DeleteOffsets(string groupId, IReadOnlyList<TopicPartitions> topics)
    {
        if (!_groups.TryGetValue(groupId, out var group))
        {
            return new OffsetDeleteResult(ErrorCode.GroupIdNotFound, []);
        }

        return group.DeleteOffsets(topics);
    }

    /// <summary>DescribeGroups: unknown groups are described as Dead with no members, as Kafka does.</summary>
    public IReadOnlyList<GroupDescription> DescribeGroups(IReadOnlyList<string> groupIds)
    {
        var descriptions = new List<GroupDescription>(groupIds.Count);
        foreach (var groupId in groupIds)
        {
            descriptions.Add(_groups.TryGetValue(groupId, out var group)
                ? group.Describe()
                : new GroupDescription(groupId, GroupState.Dead, "", "", []));
        }

        return descriptions;
    }

    /// <summary>ListGroups: every live group, or only those in <paramref name="states"/> when it is not empty (v4+ filter).</summary>
    public IReadOnlyList<GroupListing> ListGroups(IReadOnlyCollection<GroupState>? states = null)
    {
        var listings = new List<GroupListing>();
        foreach (var group in _groups.Values)
        {
            if (group.Listing() is { } listing && (states is null || states.Count == 0 || states.Contains(listing.State)))
            {
                listings.Add(listing);
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
            group.Stop();
        }

        _store.Dispose();
    }

    private ErrorCode DeleteGroup(string groupId)
    {
        if (!_groups.TryGetValue(groupId, out var group))
        {
            return ErrorCode.GroupIdNotFound;
        }

        var error = group.Delete();
        if (error == ErrorCode.None)
        {
            _groups.TryRemove(new KeyValuePair<string, ConsumerGroup>(groupId, group));
            GroupDeleted(groupId);
        }

        return error;
    }

    /// <summary>The retention check: each empty group expires its old offsets; a group left with none is forgotten.</summary>
    private void ExpireOffsets()
    {
        foreach (var group in _groups.Values)
        {
            if (group.ExpireOffsets())
            {
                _groups.TryRemove(new KeyValuePair<string, ConsumerGroup>(group.GroupId, group));
            }
        }
    }

    private ConsumerGroup GetOrCreate(string groupId) => _groups.GetOrAdd(groupId, NewGroup);

    private ConsumerGroup NewGroup(string groupId) => new(groupId, _options, _time, _store, _metadata, _logger);

    private static CommittedOffset ToCommitted(string topic, int partition, StoredOffset stored) =>
        new(topic, partition, stored.Offset, stored.LeaderEpoch, stored.Metadata);

    private static List<PartitionResult> AllFailed(IReadOnlyList<OffsetCommitEntry> offsets, ErrorCode error) =>
        [.. offsets.Select(o => new PartitionResult(o.Topic, o.Partition, error))];

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} deleted")]
    private partial void GroupDeleted(string groupId);
}
