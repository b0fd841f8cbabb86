using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>Whole record batches read from a log, as bytes to send unchanged, or an error such as OffsetOutOfRange.</summary>
public readonly record struct ReadResult(ErrorCode Error, ReadOnlyMemory<byte> Records);
