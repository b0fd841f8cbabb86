using Kpipe.Pipeline.Records;

namespace Kpipe.Pipeline.Producing;

/// <summary>Counts of one file production: records handed to the producer, acknowledged by the broker, and failed.</summary>
public sealed record ProduceSummary(long Sent, long Delivered, long Failed, string? FirstError, TimeSpan Elapsed)
{
    /// <summary>Set when reading stopped at a malformed part of the file; records before it were sent.</summary>
    public JsonRecordFormatException? FormatError { get; init; }

    /// <summary>Damaged records skipped (JSON lines resume at the next line; a record that is not UTF-8 is skipped in either layout).</summary>
    public long Skipped { get; init; }

    /// <summary>The first skipped record's problem and position; null when none was skipped.</summary>
    public JsonRecordFormatException? FirstSkipped { get; init; }

    /// <summary>Records the producer refused before sending because they exceed its <c>message.max.bytes</c>.</summary>
    public long Oversized { get; init; }

    /// <summary>The first refused record's line and size in bytes; null when none was refused.</summary>
    public (long Line, int Bytes)? FirstOversized { get; init; }

    /// <summary>True when cancellation stopped reading before the end of the file.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Records sent but neither acknowledged nor failed when the flush timed out.</summary>
    public long Undelivered => Sent - Delivered - Failed;

    /// <summary>True when the whole file was read, no record was skipped or refused, and every record was acknowledged.</summary>
    public bool Succeeded => FormatError is null && Skipped == 0 && Oversized == 0 && Failed == 0 && Undelivered == 0;
}
