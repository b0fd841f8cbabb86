namespace Kpipe.Broker.Tests;

/// <summary>Header fields of a test batch; the defaults are what a non-idempotent producer sends.</summary>
public sealed record BatchOptions
{
    /// <summary>Base offset as sent (producers send 0).</summary>
    public long BaseOffset { get; init; }

    /// <summary>Added to the correct batchLength, to build length mismatches.</summary>
    public int BatchLengthAdjustment { get; init; }

    /// <summary>Partition leader epoch as sent.</summary>
    public int PartitionLeaderEpoch { get; init; } = -1;

    /// <summary>Record format version.</summary>
    public sbyte Magic { get; init; } = 2;

    /// <summary>Attributes (compression bits, timestamp type, transactional, control).</summary>
    public short Attributes { get; init; }

    /// <summary>Overrides lastOffsetDelta (default: count − 1).</summary>
    public int? LastOffsetDelta { get; init; }

    /// <summary>Overrides maxTimestamp (default: the largest record timestamp).</summary>
    public long? MaxTimestamp { get; init; }

    /// <summary>Idempotent producer id.</summary>
    public long ProducerId { get; init; } = -1;

    /// <summary>Idempotent producer epoch.</summary>
    public short ProducerEpoch { get; init; } = -1;

    /// <summary>First sequence number.</summary>
    public int BaseSequence { get; init; } = -1;

    /// <summary>Overrides recordsCount (default: the number of records).</summary>
    public int? RecordsCount { get; init; }

    /// <summary>Stores a wrong CRC.</summary>
    public bool CorruptCrc { get; init; }

    /// <summary>Offset delta of the first record (producers use 0); shifts every record's delta.</summary>
    public int FirstOffsetDelta { get; init; }

    /// <summary>Bytes appended after the last record, inside the batch and under its CRC.</summary>
    public byte[]? TrailingBytes { get; init; }
}
