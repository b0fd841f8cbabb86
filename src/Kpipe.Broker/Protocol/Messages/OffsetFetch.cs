namespace Kpipe.Broker.Protocol.Messages;

/// <summary>
/// OffsetFetch request (key 9, v1–7 served; flexible from v6): one group; topics null = every committed partition (v2+);
/// require_stable v7+ (no transactions here, so offsets are always stable). v8+ batches groups and is not served.
/// </summary>
public sealed record OffsetFetchRequest(string GroupId, IReadOnlyList<OffsetFetchRequest.Topic>? Topics, bool RequireStable = false)
{
    /// <summary>The partitions asked for in one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<int> PartitionIndexes);

    /// <summary>Decodes the body.</summary>
    public static OffsetFetchRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 6;
        var groupId = r.ReadString(flex);
        var count = r.ReadArrayLength(flex);
        if (count < 0 && version < 2)
        {
            r.Fail();
        }

        Topic[]? topics = count < 0 ? null : new Topic[count];
        for (var i = 0; i < count; i++)
        {
            var name = r.ReadString(flex);
            var partitions = r.ReadInt32Array(flex);
            r.SkipTaggedFields(flex);
            topics![i] = new Topic(name, partitions);
        }

        var requireStable = version >= 7 && r.ReadBool();
        r.SkipTaggedFields(flex);
        return new OffsetFetchRequest(groupId, topics, requireStable);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 6;
        w.WriteString(GroupId, flex);
        w.WriteArrayLength(Topics?.Count ?? -1, flex);
        foreach (var topic in Topics ?? [])
        {
            w.WriteString(topic.Name, flex);
            w.WriteInt32Array(topic.PartitionIndexes, flex);
            w.WriteEmptyTaggedFields(flex);
        }

        if (version >= 7)
        {
            w.WriteBool(RequireStable);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>OffsetFetch response: committed offset (-1 when none), leader epoch (v5+) and metadata per partition; group error v2+.</summary>
public sealed record OffsetFetchResponse(IReadOnlyList<OffsetFetchResponse.Topic> Topics, ErrorCode ErrorCode = ErrorCode.None, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's committed offsets.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition's committed offset.</summary>
    public sealed record Partition(int PartitionIndex, long CommittedOffset, int CommittedLeaderEpoch, string? Metadata, ErrorCode ErrorCode);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 6;
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
                w.WriteInt64(partition.CommittedOffset);
                if (version >= 5)
                {
                    w.WriteInt32(partition.CommittedLeaderEpoch);
                }

                w.WriteNullableString(partition.Metadata, flex);
                w.WriteInt16((short)partition.ErrorCode);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        if (version >= 2)
        {
            w.WriteInt16((short)ErrorCode);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static OffsetFetchResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 6;
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
                var index = r.ReadInt32();
                var offset = r.ReadInt64();
                var epoch = version >= 5 ? r.ReadInt32() : -1;
                partitions[p] = new Partition(index, offset, epoch, r.ReadNullableString(flex), (ErrorCode)r.ReadInt16());
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            topics[t] = new Topic(name, partitions);
        }

        var error = version >= 2 ? (ErrorCode)r.ReadInt16() : ErrorCode.None;
        r.SkipTaggedFields(flex);
        return new OffsetFetchResponse(topics, error, throttle);
    }
}
