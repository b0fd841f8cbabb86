using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>Outcome of an offset lookup: offset and timestamp (-1, -1 when no record qualifies).</summary>
public readonly record struct OffsetLookup(ErrorCode Error, long Offset, long Timestamp);
