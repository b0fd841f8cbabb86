namespace Kpipe.Broker.Protocol.Messages;

/// <summary>
/// Fetch request (key 1, v4–12; flexible from v12). Sessions (v7+) are read and answered sessionless;
/// forgotten topics are read and ignored; the rack id (v11+) is read and ignored.
/// </summary>
public sealed record FetchRequest(int ReplicaId, int MaxWaitMs, int MinBytes, int MaxBytes, sbyte IsolationLevel, int SessionId, int SessionEpoch, IReadOnlyList<FetchRequest.Topic> Topics, string RackId = "")
{
    /// <summary>One topic's partitions.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>Where to read one partition from, and how much.</summary>
    public sealed record Partition(int Index, int CurrentLeaderEpoch, long FetchOffset, int LastFetchedEpoch, long LogStartOffset, int PartitionMaxBytes);

    /// <summary>Decodes the body.</summary>
    public static FetchRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 12;
        var replicaId = r.ReadInt32();
        var maxWait = r.ReadInt32();
        var minBytes = r.ReadInt32();
        var maxBytes = r.ReadInt32();
        var isolation = r.ReadInt8();
        var sessionId = version >= 7 ? r.ReadInt32() : 0;
        var sessionEpoch = version >= 7 ? r.ReadInt32() : -1;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var partitions = new Partition[r.ReadArrayCount(flex)];
            for (var j = 0; j < partitions.Length; j++)
            {
                var index = r.ReadInt32();
                var leaderEpoch = version >= 9 ? r.ReadInt32() : -1;
                var offset = r.ReadInt64();
                var lastFetchedEpoch = version >= 12 ? r.ReadInt32() : -1;
                var logStart = version >= 5 ? r.ReadInt64() : -1;
                var partitionMax = r.ReadInt32();
                r.SkipTaggedFields(flex);
                partitions[j] = new Partition(index, leaderEpoch, offset, lastFetchedEpoch, logStart, partitionMax);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, partitions);
        }

        if (version >= 7)
        {
            var forgotten = r.ReadArrayCount(flex);
            for (var i = 0; i < forgotten; i++)
            {
                r.ReadString(flex);
                r.ReadInt32Array(flex);
                r.SkipTaggedFields(flex);
            }
        }

        var rack = version >= 11 ? r.ReadString(flex) : string.Empty;
        r.SkipTaggedFields(flex);
        return new FetchRequest(replicaId, maxWait, minBytes, maxBytes, isolation, sessionId, sessionEpoch, topics, rack);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 12;
        w.WriteInt32(ReplicaId);
        w.WriteInt32(MaxWaitMs);
        w.WriteInt32(MinBytes);
        w.WriteInt32(MaxBytes);
        w.WriteInt8(IsolationLevel);
        if (version >= 7)
        {
            w.WriteInt32(SessionId);
            w.WriteInt32(SessionEpoch);
        }

        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteString(t.Name, flex);
            w.WriteArrayLength(t.Partitions.Count, flex);
            foreach (var p in t.Partitions)
            {
                w.WriteInt32(p.Index);
                if (version >= 9)
                {
                    w.WriteInt32(p.CurrentLeaderEpoch);
                }

                w.WriteInt64(p.FetchOffset);
                if (version >= 12)
                {
                    w.WriteInt32(p.LastFetchedEpoch);
                }

                if (version >= 5)
                {
                    w.WriteInt64(p.LogStartOffset);
                }

                w.WriteInt32(p.PartitionMaxBytes);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        if (version >= 7)
        {
            w.WriteArrayLength(0, flex);
        }

        if (version >= 11)
        {
            w.WriteString(RackId, flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>
/// Fetch response: per partition the error, high watermark, last stable offset (v4+), log start (v5+),
/// aborted transactions (always empty), preferred read replica (v11+, always -1) and the records.
/// </summary>
public sealed record FetchResponse(ErrorCode ErrorCode, int SessionId, IReadOnlyList<FetchResponse.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One topic's partition results.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition's result; <see cref="Records"/> holds whole batches as stored.</summary>
    public sealed record Partition(int Index, ErrorCode ErrorCode, long HighWatermark, long LastStableOffset, long LogStartOffset, int PreferredReadReplica, ReadOnlyMemory<byte> Records);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 12;
        w.WriteInt32(ThrottleTimeMs);
        if (version >= 7)
        {
            w.WriteInt16((short)ErrorCode);
            w.WriteInt32(SessionId);
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
                w.WriteInt64(p.HighWatermark);
                w.WriteInt64(p.LastStableOffset);
                if (version >= 5)
                {
                    w.WriteInt64(p.LogStartOffset);
                }

                w.WriteArrayLength(0, flex);
                if (version >= 11)
                {
                    w.WriteInt32(p.PreferredReadReplica);
                }

                w.WriteNullableBytes(p.Records.Span, flex);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (aborted transactions are skipped: the broker never sends any).</summary>
    public static FetchResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 12;
        var throttle = r.ReadInt32();
        var error = version >= 7 ? (ErrorCode)r.ReadInt16() : ErrorCode.None;
        var session = version >= 7 ? r.ReadInt32() : 0;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var name = r.ReadString(flex);
            var partitions = new Partition[r.ReadArrayCount(flex)];
            for (var j = 0; j < partitions.Length; j++)
            {
                var index = r.ReadInt32();
                var perr = (ErrorCode)r.ReadInt16();
                var hw = r.ReadInt64();
                var lso = r.ReadInt64();
                var logStart = version >= 5 ? r.ReadInt64() : -1;
                var aborted = r.ReadArrayLength(flex);
                for (var k = 0; k < aborted; k++)
                {
                    r.ReadInt64();
                    r.ReadInt64();
                    r.SkipTaggedFields(flex);
                }

                var preferred = version >= 11 ? r.ReadInt32() : -1;
                r.ReadNullableBytes(flex, out var records);
                r.SkipTaggedFields(flex);
                partitions[j] = new Partition(index, perr, hw, lso, logStart, preferred, records);
            }

            r.SkipTaggedFields(flex);
            topics[i] = new Topic(name, partitions);
        }

        r.SkipTaggedFields(flex);
        return new FetchResponse(error, session, topics, throttle);
    }
}
