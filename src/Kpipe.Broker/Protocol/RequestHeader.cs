using Kpipe.Broker.Apis;

namespace Kpipe.Broker.Protocol;

/// <summary>Request header v1/v2: api key, version, correlation id and client id (always a classic int16 string).</summary>
public readonly record struct RequestHeader(ApiKey ApiKey, short ApiVersion, int CorrelationId, string? ClientId)
{
    /// <summary>Reads the header; tagged fields follow iff the request version is flexible.</summary>
    public static RequestHeader Read(ref KafkaReader reader)
    {
        var key = (ApiKey)reader.ReadInt16();
        var version = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        var clientId = reader.ReadNullableString(compact: false);
        reader.SkipTaggedFields(ApiRegistry.IsFlexibleRequest(key, version));
        return new RequestHeader(key, version, correlationId, clientId);
    }
}
