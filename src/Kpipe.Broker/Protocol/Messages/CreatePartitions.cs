namespace Kpipe.Broker.Protocol.Messages;

/// <summary>CreatePartitions request (key 37, v0–2; flexible from v2): new total partition count per topic.</summary>
public sealed record CreatePartitionsRequest(IReadOnlyList<CreatePartitionsRequest.Topic> Topics, int TimeoutMs, bool ValidateOnly)
{
    /// <summary>One topic's new count; manual assignments are counted only to be refused.</summary>
    public sealed record Topic(string Name, int Count, bool HasAssignments);

    /// <summary>Decodes the body.</summary>
    public static CreatePartitionsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 2;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var count = r.ReadInt32();
            var assignments = r.ReadArrayLength(flex);
            for (var j = 0; j < assignments; j++)
            {
                r.ReadInt32Array(flex);
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, count, assignments > 0);
        }

        var timeout = r.ReadInt32();
        var validateOnly = r.ReadBool();
        r.SkipTaggedFields(flex);
        return new CreatePartitionsRequest(topics, timeout, validateOnly);
    }

    /// <summary>Encodes the body (assignments as null, or one broker-1 entry when present).</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 2;
        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteInt32(t.Count);
            if (t.HasAssignments)
            {
                w.WriteArrayLength(1, flex);
                w.WriteInt32Array([1], flex);
                w.WriteEmptyTaggedFields(flex);
            }
            else
            {
                w.WriteArrayLength(-1, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteInt32(TimeoutMs);
        w.WriteBool(ValidateOnly);
        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>CreatePartitions response: per topic the error code and message.</summary>
public sealed record CreatePartitionsResponse(IReadOnlyList<CreatePartitionsResponse.Result> Results, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's outcome.</summary>
    public sealed record Result(string Name, ErrorCode ErrorCode, string? ErrorMessage);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 2;
        w.WriteInt32(ThrottleTimeMs);
        w.WriteArrayLength(Results.Count, flex);
        foreach (var t in Results)
        {
            w.WriteString(t.Name, flex);
            w.WriteInt16((short)t.ErrorCode);
            w.WriteNullableString(t.ErrorMessage, flex);
            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body.</summary>
    public static CreatePartitionsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 2;
        var throttle = r.ReadInt32();
        var results = new Result[r.ReadArrayCount(flex)];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new Result(r.ReadString(flex), (ErrorCode)r.ReadInt16(), r.ReadNullableString(flex));
            r.SkipTaggedFields(flex);
        }

        r.SkipTaggedFields(flex);
        return new CreatePartitionsResponse(results, throttle);
    }
}
