using System.Buffers.Binary;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Transactions;

/// <summary>
/// Builds the transaction marker a coordinator writes to each partition of a finished transaction (Kafka's
/// <c>EndTransactionMarker</c>): a transactional control batch of one record whose key is (version 0, type 0 abort or
/// 1 commit) and whose value is (version 0, coordinator epoch).
/// </summary>
internal static class ControlBatch
{
    /// <summary>The size of every marker batch: the 61-byte header and one 17-byte record.</summary>
    public const int Size = RecordBatchHeader.Size + RecordSize;

    private const int RecordSize = 17;
    private const short ControlTypeAbort = 0;
    private const short ControlTypeCommit = 1;

    /// <summary>Writes the marker for <paramref name="producerId"/>'s transaction, ready for <see cref="IPartitionLog.Append"/>.</summary>
    public static byte[] Marker(long producerId, short producerEpoch, bool commit, int coordinatorEpoch, long timestampMs)
    {
        var batch = new byte[Size];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BatchLengthPosition..], Size - RecordBatchHeader.LogOverhead);
        span[RecordBatchHeader.MagicPosition] = 2;
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.AttributesPosition..], RecordBatchHeader.TransactionalFlag | RecordBatchHeader.ControlFlag);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.BaseTimestampPosition..], timestampMs);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.MaxTimestampPosition..], timestampMs);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.ProducerIdPosition..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.ProducerEpochPosition..], producerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BaseSequencePosition..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.RecordsCountPosition..], 1);

        // Zigzag varints: record length 16, attributes 0, timestamp delta 0, offset delta 0, key length 4, value length 6, no headers.
        var record = span[RecordBatchHeader.Size..];
        record[0] = 0x20;
        record[4] = 0x08;
        BinaryPrimitives.WriteInt16BigEndian(record[7..], commit ? ControlTypeCommit : ControlTypeAbort);
        record[9] = 0x0C;
        BinaryPrimitives.WriteInt32BigEndian(record[12..], coordinatorEpoch);
        BinaryPrimitives.WriteUInt32BigEndian(span[RecordBatchHeader.CrcPosition..], Crc32C.Compute(span[RecordBatchHeader.CrcStart..]));
        return batch;
    }

    /// <summary>Whether a stored control batch is a commit marker (false: abort, or not a marker at all).</summary>
    public static bool IsCommit(ReadOnlySpan<byte> batch) =>
        batch.Length >= Size && BinaryPrimitives.ReadInt16BigEndian(batch[(RecordBatchHeader.Size + 7)..]) == ControlTypeCommit;
}
