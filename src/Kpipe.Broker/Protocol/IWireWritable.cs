namespace Kpipe.Broker.Protocol;

/// <summary>An array element the broker encodes (e.g. a response's partition entry), written by <see cref="KafkaWriter.WriteArray{T}"/>.</summary>
public interface IWireWritable
{
    /// <summary>Writes the element, including an empty tagged-field section when <paramref name="version"/> is flexible.</summary>
    void Write(KafkaWriter writer, MessageVersion version);
}
