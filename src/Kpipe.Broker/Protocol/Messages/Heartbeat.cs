namespace Kpipe.Broker.Protocol.Messages;

/// <summary>Heartbeat request (key 12, v0–3 served; flexible from v4): group instance id v3+.</summary>
public sealed record HeartbeatRequest(string GroupId, int GenerationId, string MemberId, string? GroupInstanceId)
{
    /// <summary>Decodes the body.</summary>
    public static HeartbeatRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var request = new HeartbeatRequest(r.ReadString(flex), r.ReadInt32(), r.ReadString(flex), version >= 3 ? r.ReadNullableString(flex) : null);
        r.SkipTaggedFields(flex);
        return request;
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        w.WriteString(GroupId, flex);
        w.WriteInt32(GenerationId);
        w.WriteString(MemberId, flex);
        if (version >= 3)
        {
            w.WriteNullableString(GroupInstanceId, flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>Heartbeat response: an error code (REBALANCE_IN_PROGRESS asks the member to rejoin).</summary>
public sealed record HeartbeatResponse(ErrorCode ErrorCode, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        if (version >= 1)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteInt16((short)ErrorCode);
        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static HeartbeatResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var throttle = version >= 1 ? r.ReadInt32() : 0;
        var response = new HeartbeatResponse((ErrorCode)r.ReadInt16(), throttle);
        r.SkipTaggedFields(flex);
        return response;
    }
}
