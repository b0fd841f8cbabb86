namespace Kpipe.Broker.Producers;

/// <summary>An aborted transaction on one partition: its producer, its first offset there and the offset of its abort marker.</summary>
public readonly record struct AbortedTransaction(long ProducerId, long FirstOffset, long LastOffset);
