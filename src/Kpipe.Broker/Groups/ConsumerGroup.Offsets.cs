using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

// Committed offsets as the group sees them: who may commit, which offsets OffsetDelete may remove, and when an empty
// group's offsets expire. The offsets themselves live only in the OffsetStore; every method here runs under the group's
// lock, so no commit, deletion or expiry of this group interleaves with another or with a rebalance.
internal sealed partial class ConsumerGroup
{
    /// <summary>Checks an OffsetCommit against the group's members and state (Kafka's <c>validateOffsetCommit</c>).</summary>
    private ErrorCode ValidateOffsetCommit(OffsetCommitCommand request)
    {
        if (_state == GroupState.Dead)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }

        if (request.GenerationId < 0 && _state == GroupState.Empty)
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

            if (request.GenerationId != _generationId)
            {
                return ErrorCode.IllegalGeneration;
            }
        }
        else if (_state != GroupState.Empty)
        {
            return ErrorCode.UnknownMemberId;
        }

        return _state == GroupState.CompletingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
    }

    private ErrorCode WriteOffsets(IReadOnlyList<(string Topic, int Partition, StoredOffset Offset)> accepted)
    {
        try
        {
            offsetStore.Commit(GroupId, accepted);
            return ErrorCode.None;
        }
        catch (IOException e)
        {
            OffsetsWriteFailed(e, GroupId);
            return ErrorCode.UnknownServerError;
        }
    }

    private OffsetDeleteResult DeleteUnsubscribedOffsets(IReadOnlyList<TopicPartitions> topics)
    {
        if (_state == GroupState.Dead)
        {
            return new OffsetDeleteResult(ErrorCode.GroupIdNotFound, []);
        }

        if (_members.Count > 0 && !UsesConsumerProtocol)
        {
            return new OffsetDeleteResult(ErrorCode.NonEmptyGroup, []);
        }

        var committed = offsetStore.Offsets(GroupId);
        var results = new List<PartitionResult>();
        var deleted = new List<(string Topic, int Partition)>();
        foreach (var topic in topics)
        {
            var subscribed = _members.Count > 0 && IsSubscribedTo(topic.Topic);
            foreach (var partition in topic.Partitions)
            {
                if (subscribed)
                {
                    results.Add(new PartitionResult(topic.Topic, partition, ErrorCode.GroupSubscribedToTopic));
                    continue;
                }

                if (committed.ContainsKey((topic.Topic, partition)))
                {
                    deleted.Add((topic.Topic, partition));
                }

                results.Add(new PartitionResult(topic.Topic, partition, ErrorCode.None));
            }
        }

        try
        {
            offsetStore.DeleteOffsets(GroupId, deleted);
        }
        catch (IOException e)
        {
            OffsetsWriteFailed(e, GroupId);
            return new OffsetDeleteResult(ErrorCode.UnknownServerError, []);
        }

        return new OffsetDeleteResult(ErrorCode.None, results);
    }

    /// <summary>Whether OffsetDelete must refuse a topic: a member's subscription (any offered protocol) names it.</summary>
    private bool IsSubscribedTo(string topic)
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

    /// <summary>
    /// Kafka's offset expiry: an Empty group's offsets go once both their commit and the group's emptying are older than
    /// the retention; when none is left the group goes too. True when the group is now Dead.
    /// </summary>
    private bool ExpireOffsetsOfEmptyGroup()
    {
        if (_state != GroupState.Empty || !HasNoMembers)
        {
            return false;
        }

        var now = Now;
        var committed = offsetStore.Offsets(GroupId);
        var expired = committed
            .Where(o => now - Later(o.Value.CommitTimestamp, _emptySince) >= options.OffsetsRetention)
            .Select(o => o.Key)
            .ToList();
        var groupGoes = expired.Count == committed.Count;
        try
        {
            if (groupGoes)
            {
                offsetStore.DeleteGroup(GroupId);
            }
            else
            {
                offsetStore.DeleteOffsets(GroupId, expired);
            }
        }
        catch (IOException e)
        {
            OffsetsWriteFailed(e, GroupId);
            return false;
        }

        if (groupGoes)
        {
            metadataStore.Remove(GroupId);
            MarkDead();
        }

        if (expired.Count > 0)
        {
            OffsetsExpired(expired.Count, GroupId);
        }

        return groupGoes;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the offsets log for group {GroupId}")]
    private partial void OffsetsWriteFailed(Exception exception, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} committed offsets of empty group {GroupId}")]
    private partial void OffsetsExpired(int count, string groupId);
}
