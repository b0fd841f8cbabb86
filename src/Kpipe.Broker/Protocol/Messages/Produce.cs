namespace Kpipe.Broker.Protocol.Messages;

/// <summary>
/// Produce request (key 0, v3–9; flexible from v9). Records are slices of the request frame, valid
/// only while the request is being handled; a null records field is kept as null.
/// </summary>
public sealed record ProduceRequest(string? TransactionalId, short Acks, int TimeoutMs, IReadOnlyList<ProduceRequest.Topic> Topics)
{
    /// <summary>One topic's partitions.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition's record batches (null when the client sent null).</summary>
    public sealed record Partition(int Index, ReadOnlyMemory<byte>? Records);

    /// <summary>Decodes the body.</summary>
    public static ProduceRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 9;
        var transactionalId = r.ReadNullableString(flex);
        var acks = r.ReadInt16();
        var timeout = r.ReadInt32();
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var partitions = new Partition[r.ReadArrayCount(flex)];
            for (var j = 0; j < partitions.Length; j++)
            {
                var index = r.ReadInt32();
                partitions[j] = new Partition(index, r.ReadNullableBytes(flex, out var records) ? records : (ReadOnlyMemory<byte>?)null);
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, partitions);
        }

        r.SkipTaggedFields(flex);
        return new ProduceRequest(transactionalId, acks, timeout, topics);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 9;
        w.WriteNullableString(TransactionalId, flex);
        w.WriteInt16(Acks);
        w.WriteInt32(TimeoutMs);
        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteArrayLength(t.Partitions.Count, flex);
            foreach (var p in t.Partitions)
            {
                w.WriteInt32(p.Index);
                w.WriteNullableBytes(p.Records is { } records ? records.Span : default, flex, p.Records is null);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>Produce response: per partition the error, base offset, log-append time (v2+), log start (v5+), error message (v8+).</summary>
public sealed record ProduceResponse(IReadOnlyList<ProduceResponse.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's partition results.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition's result.</summary>
    public sealed record Partition(int Index, ErrorCode ErrorCode, long BaseOffset, long LogAppendTimeMs = -1, long LogStartOffset = -1, string? ErrorMessage = null);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 9;
        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteArrayLength(t.Partitions.Count, flex);
            foreach (var p in t.Partitions)
            {
                w.WriteInt32(p.Index);
                w.WriteInt16((short)p.ErrorCode);
                w.WriteInt64(p.BaseOffset);
                w.WriteInt64(p.LogAppendTimeMs);
                if (version >= 5)
                {
                    w.WriteInt64(p.LogStartOffset);
                }

                if (version >= 8)
                {
                    w.WriteArrayLength(0, flex);
                    w.WriteNullableString(p.ErrorMessage, flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteInt32(ThrottleTimeMs);
        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (record errors are skipped: the broker never sends any).</summary>
    public static ProduceResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 9;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var partitions = new Partition[r.ReadArrayCount(flex)];
            for (var j = 0; j < partitions.Length; j++)
            {
                var index = r.ReadInt32();
                var error = (ErrorCode)r.ReadInt16();
                var baseOffset = r.ReadInt64();
                var appendTime = r.ReadInt64();
                var logStart = version >= 5 ? r.ReadInt64() : -1;
                string? message = null;
                if (version >= 8)
                {
                    var errors = r.ReadArrayCount(flex);
                    for (var k = 0; k < errors; k++)
                    {
                        r.ReadInt32();
                        r.ReadNullableString(flex);
                        r.SkipTaggedFields(flex);
                    }

                    message = r.ReadNullableString(flex);
                }

                r.SkipTaggedFields(flex);
                partitions[j] = new Partition(index, error, baseOffset, appendTime, logStart, message);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, partitions);
        }

        var throttle = r.ReadInt32();
        r.SkipTaggedFields(flex);
        return new ProduceResponse(topics, throttle);
    }
}
