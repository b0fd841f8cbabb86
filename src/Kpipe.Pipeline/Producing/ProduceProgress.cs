namespace Kpipe.Pipeline.Producing;

/// <summary>Where a running production stands: bytes of the file read and records sent and acknowledged.</summary>
public readonly record struct ProduceProgress(long BytesRead, long Sent, long Delivered, long Failed);
