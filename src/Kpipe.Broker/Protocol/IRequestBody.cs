namespace Kpipe.Broker.Protocol;

/// <summary>A request body the broker decodes at the edge: each API's request type implements its static <c>Read</c>.</summary>
public interface IRequestBody<TSelf> where TSelf : IRequestBody<TSelf>
{
    /// <summary>Reads the body at <paramref name="version"/>; a malformed body leaves <paramref name="reader"/> failed.</summary>
    static abstract TSelf Read(ref KafkaReader reader, MessageVersion version);

    /// <summary>Decodes a whole request body; false when it is malformed.</summary>
    static bool TryRead(ReadOnlyMemory<byte> body, MessageVersion version, out TSelf request)
    {
        var reader = new KafkaReader(body);
        request = TSelf.Read(ref reader, version);
        return !reader.Failed;
    }
}
