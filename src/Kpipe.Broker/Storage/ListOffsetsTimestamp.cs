using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>The special timestamps of a ListOffsets request (Kafka's <c>ListOffsetsRequest</c> constants).</summary>
public static class ListOffsetsTimestamp
{
    /// <summary>The log end offset.</summary>
    public const long Latest = -1;

    /// <summary>The log start offset.</summary>
    public const long Earliest = -2;

    /// <summary>The record with the largest timestamp (KIP-734).</summary>
    public const long MaxTimestamp = -3;

    /// <summary>
    /// The answer for a timestamp that needs no search: the log end for <see cref="Latest"/>, the log start for
    /// <see cref="Earliest"/>, INVALID_REQUEST for an undefined negative one; null for <see cref="MaxTimestamp"/> and real times.
    /// </summary>
    internal static OffsetLookup? AnswerWithoutSearch(long timestamp, long logStartOffset, long logEndOffset) => timestamp switch
    {
        Latest => new OffsetLookup(ErrorCode.None, logEndOffset, -1),
        Earliest => new OffsetLookup(ErrorCode.None, logStartOffset, -1),
        MaxTimestamp or >= 0 => null,
        _ => new OffsetLookup(ErrorCode.InvalidRequest, -1, -1),
    };
}
