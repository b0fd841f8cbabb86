namespace Kpipe.Broker.Protocol.Messages;

/// <summary>ApiVersions request (key 18, v0–3; flexible from v3): the client's software name and version.</summary>
public sealed record ApiVersionsRequest(string? ClientSoftwareName = null, string? ClientSoftwareVersion = null)
{
    /// <summary>Decodes the body.</summary>
    public static ApiVersionsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 3;
        if (!flex)
        {
            return new ApiVersionsRequest();
        }

        var request = new ApiVersionsRequest(r.ReadString(true), r.ReadString(true));
        r.SkipTaggedFields(true);
        return request;
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        if (version < 3)
        {
            return;
        }

        w.WriteString(ClientSoftwareName ?? string.Empty, true);
        w.WriteString(ClientSoftwareVersion ?? string.Empty, true);
        w.WriteEmptyTaggedFields(true);
    }
}

/// <summary>ApiVersions response: error code, the served (key, min, max) list, throttle time (v1+).</summary>
public sealed record ApiVersionsResponse(ErrorCode ErrorCode, IReadOnlyList<ApiVersionRange> ApiKeys, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>Encodes the body; the UNSUPPORTED_VERSION fallback is written as <paramref name="version"/> 0.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 3;
        w.WriteInt16((short)ErrorCode);
        w.WriteArrayLength(ApiKeys.Count, flex);
        foreach (var api in ApiKeys)
        {
            w.WriteInt16((short)api.Key);
            w.WriteInt16(api.MinVersion);
            w.WriteInt16(api.MaxVersion);
            w.WriteEmptyTaggedFields(flex);
        }

        if (version >= 1)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (flexible fields are not known to the decoder: the key list has no flexible-from).</summary>
    public static ApiVersionsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 3;
        var error = (ErrorCode)r.ReadInt16();
        var count = r.ReadArrayCount(flex);
        var keys = new ApiVersionRange[count];
        for (var i = 0; i < count; i++)
        {
            var key = (ApiKey)r.ReadInt16();
            var min = r.ReadInt16();
            var max = r.ReadInt16();
            r.SkipTaggedFields(flex);
            keys[i] = new ApiVersionRange(key, min, max, ApiRegistry.TryGet(key, out var known) ? known.FlexibleFrom : short.MaxValue);
        }

        var throttle = version >= 1 ? r.ReadInt32() : 0;
        r.SkipTaggedFields(flex);
        return new ApiVersionsResponse(error, keys, throttle);
    }
}
