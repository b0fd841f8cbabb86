using System.Buffers.Binary;

namespace Kpipe.Broker.Producers;

/// <summary>The producer fields of a magic-2 batch header that idempotence needs (Kafka's <c>DefaultRecordBatch</c> layout).</summary>
internal readonly record struct ProducerBatchInfo(
    long BaseOffset,
    int TotalSize,
    short Attributes,
    int LastOffsetDelta,
    long MaxTimestamp,
    long ProducerId,
    short ProducerEpoch,
    int BaseSequence)
{
    public const int HeaderSize = 61;

    public bool IsTransactional => (Attributes & 0x10) != 0;

    public bool IsControl => (Attributes & 0x20) != 0;

    public bool HasLogAppendTime => (Attributes & 0x08) != 0;

    /// <summary>The sequence of the batch's last record; sequences wrap from Int32.MaxValue to 0.</summary>
    public int LastSequence => (int)((BaseSequence + (long)LastOffsetDelta) % ((long)int.MaxValue + 1));

    public static bool TryRead(ReadOnlySpan<byte> batch, out ProducerBatchInfo info)
    {
        info = default;
        if (batch.Length < HeaderSize)
        {
            return false;
        }

        var batchLength = BinaryPrimitives.ReadInt32BigEndian(batch[8..]);
        if (batchLength < HeaderSize - 12)
        {
            return false;
        }

        info = new ProducerBatchInfo(
            BinaryPrimitives.ReadInt64BigEndian(batch),
            batchLength + 12,
            BinaryPrimitives.ReadInt16BigEndian(batch[21..]),
            BinaryPrimitives.ReadInt32BigEndian(batch[23..]),
            BinaryPrimitives.ReadInt64BigEndian(batch[35..]),
            BinaryPrimitives.ReadInt64BigEndian(batch[43..]),
            BinaryPrimitives.ReadInt16BigEndian(batch[51..]),
            BinaryPrimitives.ReadInt32BigEndian(batch[53..]));
        return true;
    }
}
