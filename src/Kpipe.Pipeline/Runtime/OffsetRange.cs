namespace Kpipe.Pipeline.Runtime;

/// <summary>The records of one partition a batch covers: offsets from <see cref="FromOffset"/> up to, not including, <see cref="UntilOffset"/>.</summary>
public sealed record OffsetRange(int Partition, long FromOffset, long UntilOffset);
