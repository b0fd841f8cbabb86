namespace Kpipe.Broker.Protocol.Messages;

/// <summary>DeleteTopics request (key 20, v1–4; flexible from v4): topic names (ids arrive only from v6, not served).</summary>
public sealed record DeleteTopicsRequest(IReadOnlyList<string> TopicNames, int TimeoutMs)
{
    /// <summary>Decodes the body.</summary>
    public static DeleteTopicsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var names = new string[r.ReadArrayCount(flex)];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = r.ReadString(flex);
        }

        var timeout = r.ReadInt32();
        r.SkipTaggedFields(flex);
        return new DeleteTopicsRequest(names, timeout);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        w.WriteArrayLength(TopicNames.Count, flex);
        foreach (var name in TopicNames)
        {
            w.WriteString(name, flex);
        }

        w.WriteInt32(TimeoutMs);
        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>DeleteTopics response: per topic the error code (v1–4 carry no message).</summary>
public sealed record DeleteTopicsResponse(IReadOnlyList<DeleteTopicsResponse.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's outcome.</summary>
    public sealed record Topic(string Name, ErrorCode ErrorCode);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        w.WriteInt32(ThrottleTimeMs);
        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteInt16((short)t.ErrorCode);
            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body.</summary>
    public static DeleteTopicsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var throttle = r.ReadInt32();
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            topics[i] = new Topic(r.ReadString(flex), (ErrorCode)r.ReadInt16());
            r.SkipTaggedFields(flex);
        }

        r.SkipTaggedFields(flex);
        return new DeleteTopicsResponse(topics, throttle);
    }
}
