namespace Kpipe.Broker.Protocol.Messages;

/// <summary>CreateTopics request (key 19, v3–4; not flexible below v5): topics with partition count, replication factor and configs.</summary>
public sealed record CreateTopicsRequest(IReadOnlyList<CreateTopicsRequest.Topic> Topics, int TimeoutMs, bool ValidateOnly)
{
    /// <summary>One topic to create; manual replica assignments are kept only to be refused.</summary>
    public sealed record Topic(string Name, int NumPartitions, short ReplicationFactor, int AssignmentCount, IReadOnlyList<KeyValuePair<string, string?>> Configs);

    /// <summary>Decodes the body.</summary>
    public static CreateTopicsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 5;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var partitions = r.ReadInt32();
            var replication = r.ReadInt16();
            var assignments = r.ReadArrayCount(flex);
            for (var j = 0; j < assignments; j++)
            {
                r.ReadInt32();
                r.ReadInt32Array(flex);
                r.SkipTaggedFields(flex);
            }

            var configs = new KeyValuePair<string, string?>[r.ReadArrayCount(flex)];
            for (var j = 0; j < configs.Length; j++)
            {
                configs[j] = new(r.ReadString(flex), r.ReadNullableString(flex));
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, partitions, replication, assignments, configs);
        }

        var timeout = r.ReadInt32();
        var validateOnly = version >= 1 && r.ReadBool();
        r.SkipTaggedFields(flex);
        return new CreateTopicsRequest(topics, timeout, validateOnly);
    }

    /// <summary>Encodes the body (assignments are written as that many empty entries).</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 5;
        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteInt32(t.NumPartitions);
            w.WriteInt16(t.ReplicationFactor);
            w.WriteArrayLength(t.AssignmentCount, flex);
            for (var j = 0; j < t.AssignmentCount; j++)
            {
                w.WriteInt32(j);
                w.WriteArrayLength(0, flex);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteArrayLength(t.Configs.Count, flex);
            foreach (var c in t.Configs)
            {
                w.WriteString(c.Key, flex);
                w.WriteNullableString(c.Value, flex);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteInt32(TimeoutMs);
        if (version >= 1)
        {
            w.WriteBool(ValidateOnly);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>CreateTopics response: per topic the error code and message (v1+).</summary>
public sealed record CreateTopicsResponse(IReadOnlyList<CreateTopicsResponse.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's outcome.</summary>
    public sealed record Topic(string Name, ErrorCode ErrorCode, string? ErrorMessage);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 5;
        if (version >= 2)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteInt16((short)t.ErrorCode);
            if (version >= 1)
            {
                w.WriteNullableString(t.ErrorMessage, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body.</summary>
    public static CreateTopicsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 5;
        var throttle = version >= 2 ? r.ReadInt32() : 0;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var error = (ErrorCode)r.ReadInt16();
            var message = version >= 1 ? r.ReadNullableString(flex) : null;
            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, error, message);
        }

        r.SkipTaggedFields(flex);
        return new CreateTopicsResponse(topics, throttle);
    }
}
