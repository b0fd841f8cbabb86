using System.Buffers.Binary;

namespace Kpipe.Broker.Storage;

/// <summary>A parsed view of the 61-byte header of a magic-2 record batch (Kafka's <c>DefaultRecordBatch</c> layout).</summary>
public readonly struct RecordBatchHeader
{
    /// <summary>Size of the fixed header in bytes.</summary>
    public const int Size = 61;

    /// <summary>Bytes before the length-counted part of a batch (baseOffset and batchLength).</summary>
    public const int LogOverhead = 12;

    /// <summary>Offset of the first byte covered by the CRC.</summary>
    public const int CrcStart = 21;

    internal const int BaseOffsetPosition = 0;
    internal const int BatchLengthPosition = 8;
    internal const int PartitionLeaderEpochPosition = 12;
    internal const int MagicPosition = 16;
    internal const int CrcPosition = 17;
    internal const int AttributesPosition = 21;
    internal const int LastOffsetDeltaPosition = 23;
    internal const int BaseTimestampPosition = 27;
    internal const int MaxTimestampPosition = 35;
    internal const int ProducerIdPosition = 43;
    internal const int ProducerEpochPosition = 51;
    internal const int BaseSequencePosition = 53;
    internal const int RecordsCountPosition = 57;

    internal const short CompressionMask = 0x07;
    internal const short TimestampTypeFlag = 0x08;
    internal const short TransactionalFlag = 0x10;
    internal const short ControlFlag = 0x20;

    /// <summary>The offset of the first record (assigned by the broker).</summary>
    public long BaseOffset { get; init; }

    /// <summary>Bytes after the batchLength field.</summary>
    public int BatchLength { get; init; }

    /// <summary>The leader epoch stamped by the broker (<see cref="LeaderEpoch.Current"/>; -1 in batches stored before epochs).</summary>
    public int PartitionLeaderEpoch { get; init; }

    /// <summary>Record format version; 2 for every batch this broker accepts.</summary>
    public sbyte Magic { get; init; }

    /// <summary>CRC-32C over bytes 21 to the end of the batch.</summary>
    public uint Crc { get; init; }

    /// <summary>Compression, timestamp type, transactional and control bits.</summary>
    public short Attributes { get; init; }

    /// <summary>Offset delta of the last record.</summary>
    public int LastOffsetDelta { get; init; }

    /// <summary>Timestamp of the first record.</summary>
    public long BaseTimestamp { get; init; }

    /// <summary>Largest record timestamp, or the append time for LogAppendTime batches.</summary>
    public long MaxTimestamp { get; init; }

    /// <summary>Idempotent producer id, -1 when none.</summary>
    public long ProducerId { get; init; }

    /// <summary>Idempotent producer epoch, -1 when none.</summary>
    public short ProducerEpoch { get; init; }

    /// <summary>Sequence number of the first record, -1 when not idempotent.</summary>
    public int BaseSequence { get; init; }

    /// <summary>Number of records in the batch.</summary>
    public int RecordsCount { get; init; }

    /// <summary>Compression codec id (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd).</summary>
    public int Compression => Attributes & CompressionMask;

    /// <summary>True when timestamps are the broker's append time.</summary>
    public bool IsLogAppendTime => (Attributes & TimestampTypeFlag) != 0;

    /// <summary>True for batches written inside a transaction.</summary>
    public bool IsTransactional => (Attributes & TransactionalFlag) != 0;

    /// <summary>True for transaction marker batches.</summary>
    public bool IsControl => (Attributes & ControlFlag) != 0;

    /// <summary>The whole batch size in bytes, header included.</summary>
    public int TotalSize => BatchLength + LogOverhead;

    /// <summary>Offset of the last record in the batch.</summary>
    public long LastOffset => BaseOffset + LastOffsetDelta;

    /// <summary>
    /// Rewrites a validated batch as the log stores it: assigns the base offset, stamps the leader epoch (outside the
    /// CRC, as in Kafka), and for
    /// LogAppendTime (<paramref name="logAppendTimeMs"/> ≥ 0) sets the timestamp type and max timestamp and recomputes the CRC.
    /// </summary>
    internal static void StampForAppend(Span<byte> batch, long baseOffset, long logAppendTimeMs)
    {
        BinaryPrimitives.WriteInt64BigEndian(batch[BaseOffsetPosition..], baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch[PartitionLeaderEpochPosition..], LeaderEpoch.Current);
        if (logAppendTimeMs < 0)
        {
            return;
        }

        var attributes = BinaryPrimitives.ReadInt16BigEndian(batch[AttributesPosition..]);
        BinaryPrimitives.WriteInt16BigEndian(batch[AttributesPosition..], (short)(attributes | TimestampTypeFlag));
        BinaryPrimitives.WriteInt64BigEndian(batch[MaxTimestampPosition..], logAppendTimeMs);
        BinaryPrimitives.WriteUInt32BigEndian(batch[CrcPosition..], Crc32C.Compute(batch[CrcStart..]));
    }

    /// <summary>Reads the header fields; false when fewer than 61 bytes are available. Checks nothing else.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out RecordBatchHeader header)
    {
        if (bytes.Length < Size)
        {
            header = default;
            return false;
        }

        header = new RecordBatchHeader
        {
            BaseOffset = BinaryPrimitives.ReadInt64BigEndian(bytes[BaseOffsetPosition..]),
            BatchLength = BinaryPrimitives.ReadInt32BigEndian(bytes[BatchLengthPosition..]),
            PartitionLeaderEpoch = BinaryPrimitives.ReadInt32BigEndian(bytes[PartitionLeaderEpochPosition..]),
            Magic = (sbyte)bytes[MagicPosition],
            Crc = BinaryPrimitives.ReadUInt32BigEndian(bytes[CrcPosition..]),
            Attributes = BinaryPrimitives.ReadInt16BigEndian(bytes[AttributesPosition..]),
            LastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(bytes[LastOffsetDeltaPosition..]),
            BaseTimestamp = BinaryPrimitives.ReadInt64BigEndian(bytes[BaseTimestampPosition..]),
            MaxTimestamp = BinaryPrimitives.ReadInt64BigEndian(bytes[MaxTimestampPosition..]),
            ProducerId = BinaryPrimitives.ReadInt64BigEndian(bytes[ProducerIdPosition..]),
            ProducerEpoch = BinaryPrimitives.ReadInt16BigEndian(bytes[ProducerEpochPosition..]),
            BaseSequence = BinaryPrimitives.ReadInt32BigEndian(bytes[BaseSequencePosition..]),
            RecordsCount = BinaryPrimitives.ReadInt32BigEndian(bytes[RecordsCountPosition..]),
        };
        return true;
    }
}
