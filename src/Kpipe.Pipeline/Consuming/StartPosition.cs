namespace Kpipe.Pipeline.Consuming;

/// <summary>Where reading starts in each partition: the beginning, the end, or an explicit offset.</summary>
public readonly record struct StartPosition(StartPositionKind Kind, long Offset = 0)
{
    /// <summary>The earliest offset still in the log.</summary>
    public static StartPosition Beginning => new(StartPositionKind.Beginning);

    /// <summary>Only records appended after the consumer starts.</summary>
    public static StartPosition End => new(StartPositionKind.End);

    /// <summary>An explicit offset in every read partition.</summary>
    public static StartPosition At(long offset) => new(StartPositionKind.Offset, offset);
}
