using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Groups;

/// <summary>The answer to OffsetDelete: a group-level error, else one result per partition.</summary>
public sealed record OffsetDeleteResult(ErrorCode Error, IReadOnlyList<PartitionResult> Partitions);
