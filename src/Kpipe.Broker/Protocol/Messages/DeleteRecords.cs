namespace Kpipe.Broker.Protocol.Messages;

/// <summary>DeleteRecords request (key 21, v0–2; flexible from v2): per partition the offset before which records go (-1 = high watermark).</summary>
public sealed record DeleteRecordsRequest(IReadOnlyList<DeleteRecordsRequest.Topic> Topics, int TimeoutMs)
{
    /// <summary>One topic's partitions.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition and its new log start offset.</summary>
    public sealed record Partition(int Index, long Offset);

    /// <summary>Decodes the body.</summary>
    public static DeleteRecordsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 2;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var partitions = new Partition[r.ReadArrayCount(flex)];
            for (var j = 0; j < partitions.Length; j++)
            {
                partitions[j] = new Partition(r.ReadInt32(), r.ReadInt64());
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, partitions);
        }

        var timeout = r.ReadInt32();
        r.SkipTaggedFields(flex);
        return new DeleteRecordsRequest(topics, timeout);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 2;
        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteArrayLength(t.Partitions.Count, flex);
            foreach (var p in t.Partitions)
            {
                w.WriteInt32(p.Index);
                w.WriteInt64(p.Offset);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteInt32(TimeoutMs);
        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>DeleteRecords response: per partition the new low watermark (log start) and error code.</summary>
public sealed record DeleteRecordsResponse(IReadOnlyList<DeleteRecordsResponse.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's partition results.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition's result.</summary>
    public sealed record Partition(int Index, long LowWatermark, ErrorCode ErrorCode);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 2;
        w.WriteInt32(ThrottleTimeMs);
        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteArrayLength(t.Partitions.Count, flex);
            foreach (var p in t.Partitions)
            {
                w.WriteInt32(p.Index);
                w.WriteInt64(p.LowWatermark);
                w.WriteInt16((short)p.ErrorCode);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body.</summary>
    public static DeleteRecordsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 2;
        var throttle = r.ReadInt32();
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var partitions = new Partition[r.ReadArrayCount(flex)];
            for (var j = 0; j < partitions.Length; j++)
            {
                partitions[j] = new Partition(r.ReadInt32(), r.ReadInt64(), (ErrorCode)r.ReadInt16());
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, partitions);
        }

        r.SkipTaggedFields(flex);
        return new DeleteRecordsResponse(topics, throttle);
    }
}
