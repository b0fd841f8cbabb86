namespace Kpipe.Broker.Protocol.Messages;

/// <summary>InitProducerId request (key 22, v0–4 served; flexible from v2): transactional id (null for idempotence), and the current id and epoch (v3+).</summary>
public sealed record InitProducerIdRequest(string? TransactionalId, int TransactionTimeoutMs, long ProducerId = -1, short ProducerEpoch = -1)
{
    /// <summary>Decodes the body.</summary>
    public static InitProducerIdRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 2;
        var transactionalId = r.ReadNullableString(flex);
        var timeout = r.ReadInt32();
        var producerId = version >= 3 ? r.ReadInt64() : -1;
        var epoch = version >= 3 ? r.ReadInt16() : (short)-1;
        r.SkipTaggedFields(flex);
        return new InitProducerIdRequest(transactionalId, timeout, producerId, epoch);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 2;
        w.WriteNullableString(TransactionalId, flex);
        w.WriteInt32(TransactionTimeoutMs);
        if (version >= 3)
        {
            w.WriteInt64(ProducerId);
            w.WriteInt16(ProducerEpoch);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>InitProducerId response: the producer id and epoch to stamp on batches, or an error.</summary>
public sealed record InitProducerIdResponse(ErrorCode ErrorCode, long ProducerId, short ProducerEpoch, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 2;
        w.WriteInt32(ThrottleTimeMs);
        w.WriteInt16((short)ErrorCode);
        w.WriteInt64(ProducerId);
        w.WriteInt16(ProducerEpoch);
        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static InitProducerIdResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 2;
        var throttle = r.ReadInt32();
        var error = (ErrorCode)r.ReadInt16();
        var producerId = r.ReadInt64();
        var epoch = r.ReadInt16();
        r.SkipTaggedFields(flex);
        return new InitProducerIdResponse(error, producerId, epoch, throttle);
    }
}
