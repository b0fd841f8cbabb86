using Kpipe.Broker.Apis;

namespace Kpipe.Broker.Protocol;

/// <summary>Response header v0/v1; ApiVersions always uses v0 (KIP-511), every other flexible response v1.</summary>
public static class ResponseHeader
{
    /// <summary>True when the response to (<paramref name="key"/>, <paramref name="version"/>) carries a tagged-field section.</summary>
    public static bool IsFlexible(ApiKey key, short version) =>
        key != ApiKey.ApiVersions && ApiRegistry.IsFlexibleRequest(key, version);

    /// <summary>Writes the correlation id and, for v1, an empty tagged-field section.</summary>
    public static void Write(KafkaWriter writer, ApiKey key, short version, int correlationId) =>
        Write(writer, key, new MessageVersion(version, IsFlexible(key, version)), correlationId);

    /// <summary>Writes the correlation id and, when the body's version is flexible (never for ApiVersions), an empty tagged-field section.</summary>
    public static void Write(KafkaWriter writer, ApiKey key, MessageVersion version, int correlationId)
    {
        writer.WriteInt32(correlationId);
        writer.WriteEmptyTaggedFields(key != ApiKey.ApiVersions && version.Flexible);
    }
}
