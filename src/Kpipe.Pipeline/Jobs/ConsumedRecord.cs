namespace Kpipe.Pipeline.Jobs;

/// <summary>One record as consumed from a topic partition: where it was, when it was appended, and its raw bytes.</summary>
public sealed record ConsumedRecord(int Partition, long Offset, DateTimeOffset Timestamp, byte[]? Key, byte[] Value);
