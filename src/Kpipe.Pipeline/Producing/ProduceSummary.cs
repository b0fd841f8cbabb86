using Kpipe.Pipeline.Records;

namespace Kpipe.Pipeline.Producing;

/// <summary>Counts of one file production: records handed to the producer, acknowledged by the broker, and failed.</summary>
public sealed record ProduceSummary(long Sent, long Delivered, long Failed, string? FirstError, TimeSpan Elapsed)
{
    /// <summary>Set when reading stopped at a malformed part of the file; records before it were sent.</summary>
    public JsonRecordFormatException? FormatError { get; init; }

    /// <summary>True when cancellation stopped reading before the end of the file.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Records sent but neither acknowledged nor failed when the flush timed out.</summary>
    public long Undelivered => Sent - Delivered - Failed;

    /// <summary>True when the whole file was read and every record was acknowledged.</summary>
    public bool Succeeded => FormatError is null && Failed == 0 && Undelivered == 0;
}
