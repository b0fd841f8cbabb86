using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Cli.Commands;

/// <summary>
/// Reads consumer groups through Confluent.Kafka's admin client only (ListGroups, DescribeGroups, OffsetFetch,
/// ListOffsets), so it works the same against the embedded broker and any real Kafka.
/// </summary>
internal sealed class GroupInspector(string bootstrapServers, IReadOnlyDictionary<string, string> settings) : IDisposable
{
    private static readonly TimeSpan Timeout = KafkaAdmin.Timeout;
    private readonly IAdminClient _admin = KafkaAdmin.Connect(bootstrapServers, settings);

    public async Task<IReadOnlyList<GroupSummary>> ListAsync(CancellationToken cancellationToken)
    {
        KafkaAdmin.Metadata(_admin, bootstrapServers);
        var listed = await _admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = Timeout }).WaitAsync(cancellationToken);
        var summaries = new List<GroupSummary>();
        foreach (var listing in listed.Valid.OrderBy(g => g.GroupId, StringComparer.Ordinal))
        {
            var details = await DescribeAsync(listing.GroupId, cancellationToken);
            summaries.Add(new GroupSummary(listing.GroupId, details?.State ?? listing.State.ToString(), details?.Members.Count ?? 0, details?.TotalLag));
        }

        return summaries;
    }

    /// <summary>The group's state, members and lag; null when the broker does not know the group.</summary>
    public async Task<GroupDetails?> DescribeAsync(string groupId, CancellationToken cancellationToken)
    {
        KafkaAdmin.Metadata(_admin, bootstrapServers);
        var described = (await _admin.DescribeConsumerGroupsAsync([groupId], new DescribeConsumerGroupsOptions { RequestTimeout = Timeout })
            .WaitAsync(cancellationToken)).ConsumerGroupDescriptions.Single();
        var committed = (await _admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(groupId, null)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = Timeout })
            .WaitAsync(cancellationToken)).Single().Partitions;
        if (described.State == ConsumerGroupState.Dead && committed.Count == 0)
        {
            return null;
        }

        var members = described.Members
            .Select(m => new GroupMemberInfo(m.ConsumerId, m.GroupInstanceId, m.ClientId, m.Host,
                [.. (m.Assignment?.TopicPartitions ?? []).Select(tp => (tp.Topic, tp.Partition.Value)).Order()]))
            .OrderBy(m => m.ClientId, StringComparer.Ordinal)
            .ThenBy(m => m.MemberId, StringComparer.Ordinal)
            .ToList();
        var owners = members.SelectMany(m => m.Assignment.Select(tp => (tp, m.MemberId))).ToDictionary(x => x.tp, x => x.MemberId);
        var partitions = committed.Where(c => c.Offset.Value >= 0).Select(c => (c.Topic, c.Partition.Value))
            .Union(owners.Keys)
            .Order()
            .ToList();
        var ends = await LogEndOffsetsAsync(partitions, cancellationToken);
        var lags = partitions
            .Select(tp =>
            {
                var offset = committed.FirstOrDefault(c => c.Topic == tp.Topic && c.Partition.Value == tp.Item2)?.Offset.Value;
                return new GroupPartitionLag(tp.Topic, tp.Item2, offset >= 0 ? offset : null, ends.GetValueOrDefault(tp, -1), owners.GetValueOrDefault(tp));
            })
            .ToList();
        return new GroupDetails(groupId, described.State.ToString(), described.PartitionAssignor ?? "", members, lags);
    }

    public void Dispose() => _admin.Dispose();

    private async Task<Dictionary<(string Topic, int Partition), long>> LogEndOffsetsAsync(IReadOnlyList<(string Topic, int Partition)> partitions, CancellationToken cancellationToken)
    {
        if (partitions.Count == 0)
        {
            return [];
        }

        var specs = partitions.Select(tp => new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(tp.Topic, tp.Partition), OffsetSpec = OffsetSpec.Latest() });
        try
        {
            var result = await _admin.ListOffsetsAsync(specs, new ListOffsetsOptions { RequestTimeout = Timeout }).WaitAsync(cancellationToken);
            return result.ResultInfos.ToDictionary(r => (r.TopicPartitionOffsetError.Topic, r.TopicPartitionOffsetError.Partition.Value), r => r.TopicPartitionOffsetError.Offset.Value);
        }
        catch (ListOffsetsException e)
        {
            // Partitions of deleted topics fail on their own; keep the ends of the others.
            return e.Result.ResultInfos
                .Where(r => r.TopicPartitionOffsetError.Error.Code == Confluent.Kafka.ErrorCode.NoError)
                .ToDictionary(r => (r.TopicPartitionOffsetError.Topic, r.TopicPartitionOffsetError.Partition.Value), r => r.TopicPartitionOffsetError.Offset.Value);
        }
    }
}
