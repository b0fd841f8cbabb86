namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// The window being consumed at <paramref name="At"/>: records buffered for its batch so far, and the lag of each
/// partition assigned to this instance (its high watermark less the consumer's position, as last fetched).
/// </summary>
public sealed record ConsumingProgress(DateTimeOffset At, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, int Records, IReadOnlyList<PartitionLag> Lag)
{
    /// <summary>Records per second since the window started; zero at its very start.</summary>
    public double RecordsPerSecond => At > WindowStart ? Records / (At - WindowStart).TotalSeconds : 0;
}
