using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Groups;

/// <summary>A per-partition error code, as OffsetCommit and OffsetDelete answer.</summary>
public sealed record PartitionResult(string Topic, int Partition, ErrorCode Error);
