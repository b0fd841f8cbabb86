using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Metadata;

/// <summary>Outcome of a topic change: the error code (None on success) and a message for the client.</summary>
public readonly record struct TopicOutcome(ErrorCode Error, string? Message = null)
{
    /// <summary>A successful outcome.</summary>
    public static TopicOutcome Ok => new(ErrorCode.None);
}
