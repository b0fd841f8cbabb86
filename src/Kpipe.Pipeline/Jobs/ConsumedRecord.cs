namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// One record as consumed from a topic partition: where it was, when it was appended, and its raw bytes (the key null
/// when the record has none). A struct whose bytes are slices of shared buffers (the runtime's record buffers): a batch
/// of records is a few large arrays for the collector, not an object graph per record.
/// </summary>
public readonly record struct ConsumedRecord(int Partition, long Offset, DateTimeOffset Timestamp, ReadOnlyMemory<byte>? Key, ReadOnlyMemory<byte> Value)
{
    /// <summary>The order a batch hands its records to a job in: by partition, then offset.</summary>
    public static readonly Comparison<ConsumedRecord> ByPartitionThenOffset =
        static (a, b) => a.Partition != b.Partition ? a.Partition.CompareTo(b.Partition) : a.Offset.CompareTo(b.Offset);
}
