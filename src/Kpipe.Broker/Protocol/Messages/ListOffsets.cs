namespace Kpipe.Broker.Protocol.Messages;

/// <summary>ListOffsets request (key 2, v1–7; flexible from v6): per partition a timestamp (-1 latest, -2 earliest, -3 max timestamp).</summary>
public sealed record ListOffsetsRequest(int ReplicaId, sbyte IsolationLevel, IReadOnlyList<ListOffsetsRequest.Topic> Topics)
{
    /// <summary>One topic's partitions.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition and the timestamp to look up.</summary>
    public sealed record Partition(int Index, int CurrentLeaderEpoch, long Timestamp);

    /// <summary>Decodes the body.</summary>
    public static ListOffsetsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 6;
        var replicaId = r.ReadInt32();
        var isolation = version >= 2 ? r.ReadInt8() : (sbyte)0;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var partitions = new Partition[r.ReadArrayCount(flex)];
            for (var j = 0; j < partitions.Length; j++)
            {
                var index = r.ReadInt32();
                var epoch = version >= 4 ? r.ReadInt32() : -1;
                var timestamp = r.ReadInt64();
                r.SkipTaggedFields(flex);
                partitions[j] = new Partition(index, epoch, timestamp);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, partitions);
        }

        r.SkipTaggedFields(flex);
        return new ListOffsetsRequest(replicaId, isolation, topics);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 6;
        w.WriteInt32(ReplicaId);
        if (version >= 2)
        {
            w.WriteInt8(IsolationLevel);
        }

        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteArrayLength(t.Partitions.Count, flex);
            foreach (var p in t.Partitions)
            {
                w.WriteInt32(p.Index);
                if (version >= 4)
                {
                    w.WriteInt32(p.CurrentLeaderEpoch);
                }

                w.WriteInt64(p.Timestamp);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>ListOffsets response: per partition the error, the found timestamp and offset, and leader epoch (v4+, always -1).</summary>
public sealed record ListOffsetsResponse(IReadOnlyList<ListOffsetsResponse.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's partition results.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition's result.</summary>
    public sealed record Partition(int Index, ErrorCode ErrorCode, long Timestamp, long Offset, int LeaderEpoch = -1);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 6;
        if (version >= 2)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteArrayLength(t.Partitions.Count, flex);
            foreach (var p in t.Partitions)
            {
                w.WriteInt32(p.Index);
                w.WriteInt16((short)p.ErrorCode);
                w.WriteInt64(p.Timestamp);
                w.WriteInt64(p.Offset);
                if (version >= 4)
                {
                    w.WriteInt32(p.LeaderEpoch);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body.</summary>
    public static ListOffsetsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 6;
        var throttle = version >= 2 ? r.ReadInt32() : 0;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var partitions = new Partition[r.ReadArrayCount(flex)];
            for (var j = 0; j < partitions.Length; j++)
            {
                var index = r.ReadInt32();
                var error = (ErrorCode)r.ReadInt16();
                var timestamp = r.ReadInt64();
                var offset = r.ReadInt64();
                var epoch = version >= 4 ? r.ReadInt32() : -1;
                r.SkipTaggedFields(flex);
                partitions[j] = new Partition(index, error, timestamp, offset, epoch);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, partitions);
        }

        r.SkipTaggedFields(flex);
        return new ListOffsetsResponse(topics, throttle);
    }
}
