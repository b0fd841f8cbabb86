namespace Kpipe.Broker.Protocol;

/// <summary>An array element the broker decodes (e.g. a request's partition entry), read by <see cref="KafkaReader.ReadArray{T}"/>.</summary>
public interface IWireReadable<TSelf> where TSelf : IWireReadable<TSelf>
{
    /// <summary>Reads one element, including its tagged fields when <paramref name="version"/> is flexible.</summary>
    static abstract TSelf Read(ref KafkaReader reader, MessageVersion version);
}
