namespace Kpipe.Broker.Protocol.Messages;

/// <summary>FindCoordinator request (key 10, v0–2 served; flexible from v3): a group or transactional id (key type v1+).</summary>
public sealed record FindCoordinatorRequest(string Key, sbyte KeyType = 0)
{
    /// <summary>Decodes the body.</summary>
    public static FindCoordinatorRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 3;
        var key = r.ReadString(flex);
        var keyType = version >= 1 ? r.ReadInt8() : (sbyte)0;
        r.SkipTaggedFields(flex);
        return new FindCoordinatorRequest(key, keyType);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 3;
        w.WriteString(Key, flex);
        if (version >= 1)
        {
            w.WriteInt8(KeyType);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>FindCoordinator response: the coordinator's node, host and port, or an error (message v1+).</summary>
public sealed record FindCoordinatorResponse(ErrorCode ErrorCode, string? ErrorMessage, int NodeId, string Host, int Port, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 3;
        if (version >= 1)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteInt16((short)ErrorCode);
        if (version >= 1)
        {
            w.WriteNullableString(ErrorMessage, flex);
        }

        w.WriteInt32(NodeId);
        w.WriteString(Host, flex);
        w.WriteInt32(Port);
        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static FindCoordinatorResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 3;
        var throttle = version >= 1 ? r.ReadInt32() : 0;
        var error = (ErrorCode)r.ReadInt16();
        var message = version >= 1 ? r.ReadNullableString(flex) : null;
        var response = new FindCoordinatorResponse(error, message, r.ReadInt32(), r.ReadString(flex), r.ReadInt32(), throttle);
        r.SkipTaggedFields(flex);
        return response;
    }
}
