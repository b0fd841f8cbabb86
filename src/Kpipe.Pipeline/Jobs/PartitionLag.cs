namespace Kpipe.Pipeline.Jobs;

/// <summary>One assigned partition's consumer position and high watermark; either is null until the consumer knows it.</summary>
public sealed record PartitionLag(int Partition, long? Position, long? HighWatermark)
{
    /// <summary>Records in the partition that the job has not consumed yet; null while either offset is unknown.</summary>
    public long? Lag => Position is long position && HighWatermark is long high ? Math.Max(0, high - position) : null;
}
