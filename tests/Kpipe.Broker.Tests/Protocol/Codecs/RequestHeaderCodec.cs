using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of the request header, which the broker only reads.</summary>
internal static class RequestHeaderCodec
{
    extension(RequestHeader header)
    {
        /// <summary>Writes the header (v2, with a tagged-field section, when <paramref name="flexible"/>).</summary>
        public void Write(KafkaWriter writer, bool flexible)
        {
            writer.WriteInt16((short)header.ApiKey);
            writer.WriteInt16(header.ApiVersion);
            writer.WriteInt32(header.CorrelationId);
            writer.WriteNullableString(header.ClientId, compact: false);
            writer.WriteEmptyTaggedFields(flexible);
        }
    }
}
