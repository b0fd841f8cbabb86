namespace Kpipe.Broker.Protocol;

/// <summary>A request body the broker decodes at the edge: each API's request type reads itself like any other wire element.</summary>
public interface IRequestBody<TSelf> : IWireReadable<TSelf> where TSelf : IRequestBody<TSelf>
{
    /// <summary>Decodes a whole request body; false when it is malformed.</summary>
    static bool TryRead(ReadOnlyMemory<byte> body, MessageVersion version, out TSelf request)
    {
        var reader = new KafkaReader(body);
        request = TSelf.Read(ref reader, version);
        return !reader.Failed;
    }
}
