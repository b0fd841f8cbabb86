namespace Kpipe.Broker.Protocol.Messages;

/// <summary>OffsetDelete request (key 47, v0 only; never flexible): partitions whose committed offsets a group should drop.</summary>
public sealed record OffsetDeleteRequest(string GroupId, IReadOnlyList<OffsetDeleteRequest.Topic> Topics)
{
    /// <summary>One topic's partitions.</summary>
    public sealed record Topic(string Name, IReadOnlyList<int> PartitionIndexes);

    /// <summary>Decodes the body.</summary>
    public static OffsetDeleteRequest Read(ref KafkaReader r, short version)
    {
        var groupId = r.ReadString(false);
        var count = r.ReadArrayCount(false);
        var topics = new Topic[count];
        for (var i = 0; i < count; i++)
        {
            var name = r.ReadString(false);
            topics[i] = new Topic(name, r.ReadInt32Array(false));
        }

        return new OffsetDeleteRequest(groupId, topics);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        w.WriteString(GroupId, false);
        w.WriteArrayLength(Topics.Count, false);
        foreach (var topic in Topics)
        {
            w.WriteString(topic.Name, false);
            w.WriteInt32Array(topic.PartitionIndexes, false);
        }
    }
}

/// <summary>OffsetDelete response: a group-level error and one error per partition.</summary>
public sealed record OffsetDeleteResponse(ErrorCode ErrorCode, IReadOnlyList<OffsetDeleteResponse.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's partition outcomes.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition's outcome.</summary>
    public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        w.WriteInt16((short)ErrorCode);
        w.WriteInt32(ThrottleTimeMs);
        w.WriteArrayLength(Topics.Count, false);
        foreach (var topic in Topics)
        {
            w.WriteString(topic.Name, false);
            w.WriteArrayLength(topic.Partitions.Count, false);
            foreach (var partition in topic.Partitions)
            {
                w.WriteInt32(partition.PartitionIndex);
                w.WriteInt16((short)partition.ErrorCode);
            }
        }
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static OffsetDeleteResponse Read(ref KafkaReader r, short version)
    {
        var error = (ErrorCode)r.ReadInt16();
        var throttle = r.ReadInt32();
        var topicCount = r.ReadArrayCount(false);
        var topics = new Topic[topicCount];
        for (var t = 0; t < topicCount; t++)
        {
            var name = r.ReadString(false);
            var partitionCount = r.ReadArrayCount(false);
            var partitions = new Partition[partitionCount];
            for (var p = 0; p < partitionCount; p++)
            {
                partitions[p] = new Partition(r.ReadInt32(), (ErrorCode)r.ReadInt16());
            }

            topics[t] = new Topic(name, partitions);
        }

        return new OffsetDeleteResponse(error, topics, throttle);
    }
}
