namespace Kpipe.Pipeline.Sinks;

/// <summary>A record a job could not use, with why, where it came from and its bytes as they were.</summary>
public sealed record DeadLetter(string Reason, int Partition, long Offset, DateTimeOffset Timestamp, byte[]? Key, byte[] Value);
