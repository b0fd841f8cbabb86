using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>Outcome of an append: an error code, or the assigned base offset and log-append time (-1 for CreateTime).</summary>
public readonly record struct AppendResult(ErrorCode Error, long BaseOffset, long LogAppendTimeMs, string? Message = null);
