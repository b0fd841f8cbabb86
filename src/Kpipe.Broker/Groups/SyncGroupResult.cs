using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Groups;

/// <summary>The answer to a SyncGroup: this member's assignment bytes (empty on error).</summary>
public sealed record SyncGroupResult(ErrorCode Error, string? ProtocolType, string? ProtocolName, byte[] Assignment)
{
    /// <summary>A failed sync with no assignment.</summary>
    public static SyncGroupResult Failed(ErrorCode error) => new(error, null, null, []);
}
