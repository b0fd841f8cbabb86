namespace Kpipe.Broker.Protocol;

/// <summary>A response body that can encode itself at a given version; the dispatcher frames it.</summary>
public interface IResponseBody
{
    /// <summary>Encodes the body at <paramref name="version"/>.</summary>
    void Write(KafkaWriter w, MessageVersion version);
}
