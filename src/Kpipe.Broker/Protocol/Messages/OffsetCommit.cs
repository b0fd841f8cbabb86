namespace Kpipe.Broker.Protocol.Messages;

/// <summary>
/// OffsetCommit request (key 8, v2–8 served; flexible from v8): retention time v2–4 (read, not honoured: the broker's
/// offsets.retention.minutes applies, as in Kafka since v5), leader epoch v6+, group instance id v7+.
/// </summary>
public sealed record OffsetCommitRequest(
    string GroupId,
    int GenerationId,
    string MemberId,
    string? GroupInstanceId,
    long RetentionTimeMs,
    IReadOnlyList<OffsetCommitRequest.Topic> Topics)
{
    /// <summary>One topic's partitions to commit.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition's offset, leader epoch (-1 unknown) and metadata.</summary>
    public sealed record Partition(int PartitionIndex, long CommittedOffset, int CommittedLeaderEpoch, string? CommittedMetadata);

    /// <summary>Decodes the body.</summary>
    public static OffsetCommitRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 8;
        var groupId = r.ReadString(flex);
        var generation = version >= 1 ? r.ReadInt32() : -1;
        var memberId = version >= 1 ? r.ReadString(flex) : string.Empty;
        var instanceId = version >= 7 ? r.ReadNullableString(flex) : null;
        var retention = version is >= 2 and <= 4 ? r.ReadInt64() : -1;
        var topicCount = r.ReadArrayCount(flex);
        var topics = new Topic[topicCount];
        for (var t = 0; t < topicCount; t++)
        {
            var name = r.ReadString(flex);
            var partitionCount = r.ReadArrayCount(flex);
            var partitions = new Partition[partitionCount];
            for (var p = 0; p < partitionCount; p++)
            {
                var index = r.ReadInt32();
                var offset = r.ReadInt64();
                var epoch = version >= 6 ? r.ReadInt32() : -1;
                if (version == 1)
                {
                    r.ReadInt64();
                }

                var metadata = r.ReadNullableString(flex);
                r.SkipTaggedFields(flex);
                partitions[p] = new Partition(index, offset, epoch, metadata);
            }

            r.SkipTaggedFields(flex);
            topics[t] = new Topic(name, partitions);
        }

        r.SkipTaggedFields(flex);
        return new OffsetCommitRequest(groupId, generation, memberId, instanceId, retention, topics);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 8;
        w.WriteString(GroupId, flex);
        if (version >= 1)
        {
            w.WriteInt32(GenerationId);
            w.WriteString(MemberId, flex);
        }

        if (version >= 7)
        {
            w.WriteNullableString(GroupInstanceId, flex);
        }

        if (version is >= 2 and <= 4)
        {
            w.WriteInt64(RetentionTimeMs);
        }

        w.WriteArrayLength(Topics.Count, flex);
        foreach (var topic in Topics)
        {
            w.WriteString(topic.Name, flex);
            w.WriteArrayLength(topic.Partitions.Count, flex);
            foreach (var partition in topic.Partitions)
            {
                w.WriteInt32(partition.PartitionIndex);
                w.WriteInt64(partition.CommittedOffset);
                if (version >= 6)
                {
                    w.WriteInt32(partition.CommittedLeaderEpoch);
                }

                if (version == 1)
                {
                    w.WriteInt64(-1);
                }

                w.WriteNullableString(partition.CommittedMetadata, flex);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>OffsetCommit response: one error code per partition.</summary>
public sealed record OffsetCommitResponse(IReadOnlyList<OffsetCommitResponse.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's partition outcomes.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition's outcome.</summary>
    public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 8;
        if (version >= 3)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteArrayLength(Topics.Count, flex);
        foreach (var topic in Topics)
        {
            w.WriteString(topic.Name, flex);
            w.WriteArrayLength(topic.Partitions.Count, flex);
            foreach (var partition in topic.Partitions)
            {
                w.WriteInt32(partition.PartitionIndex);
                w.WriteInt16((short)partition.ErrorCode);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static OffsetCommitResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 8;
        var throttle = version >= 3 ? r.ReadInt32() : 0;
        var topicCount = r.ReadArrayCount(flex);
        var topics = new Topic[topicCount];
        for (var t = 0; t < topicCount; t++)
        {
            var name = r.ReadString(flex);
            var partitionCount = r.ReadArrayCount(flex);
            var partitions = new Partition[partitionCount];
            for (var p = 0; p < partitionCount; p++)
            {
                partitions[p] = new Partition(r.ReadInt32(), (ErrorCode)r.ReadInt16());
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            topics[t] = new Topic(name, partitions);
        }

        r.SkipTaggedFields(flex);
        return new OffsetCommitResponse(topics, throttle);
    }
}
