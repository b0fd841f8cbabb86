namespace Kpipe.Broker.Protocol.Messages;

/// <summary>DescribeCluster request (key 60, v0–1; always flexible).</summary>
public sealed record DescribeClusterRequest(bool IncludeClusterAuthorizedOperations, sbyte EndpointType = 1)
{
    /// <summary>Decodes the body.</summary>
    public static DescribeClusterRequest Read(ref KafkaReader r, short version)
    {
        var include = r.ReadBool();
        var endpoint = version >= 1 ? r.ReadInt8() : (sbyte)1;
        r.SkipTaggedFields(true);
        return new DescribeClusterRequest(include, endpoint);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        w.WriteBool(IncludeClusterAuthorizedOperations);
        if (version >= 1)
        {
            w.WriteInt8(EndpointType);
        }

        w.WriteEmptyTaggedFields(true);
    }
}

/// <summary>DescribeCluster response: cluster id, controller and the broker list (this one node).</summary>
public sealed record DescribeClusterResponse(ErrorCode ErrorCode, string? ErrorMessage, sbyte EndpointType, string ClusterId, int ControllerId, IReadOnlyList<DescribeClusterResponse.Broker> Brokers, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One broker.</summary>
    public sealed record Broker(int BrokerId, string Host, int Port, string? Rack = null);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        w.WriteInt32(ThrottleTimeMs);
        w.WriteInt16((short)ErrorCode);
        w.WriteNullableString(ErrorMessage, true);
        if (version >= 1)
        {
            w.WriteInt8(EndpointType);
        }

        w.WriteString(ClusterId, true);
        w.WriteInt32(ControllerId);
        w.WriteArrayLength(Brokers.Count, true);
        foreach (var b in Brokers)
        {
            w.WriteInt32(b.BrokerId);
            w.WriteString(b.Host, true);
            w.WriteInt32(b.Port);
            w.WriteNullableString(b.Rack, true);
            w.WriteEmptyTaggedFields(true);
        }

        w.WriteInt32(MetadataResponse.OperationsNotRequested);
        w.WriteEmptyTaggedFields(true);
    }

    /// <summary>Decodes the body.</summary>
    public static DescribeClusterResponse Read(ref KafkaReader r, short version)
    {
        var throttle = r.ReadInt32();
        var error = (ErrorCode)r.ReadInt16();
        var message = r.ReadNullableString(true);
        var endpoint = version >= 1 ? r.ReadInt8() : (sbyte)1;
        var clusterId = r.ReadString(true);
        var controller = r.ReadInt32();
        var brokers = new Broker[r.ReadArrayCount(true)];
        for (var i = 0; i < brokers.Length; i++)
        {
            brokers[i] = new Broker(r.ReadInt32(), r.ReadString(true), r.ReadInt32(), r.ReadNullableString(true));
            r.SkipTaggedFields(true);
        }

        r.ReadInt32();
        r.SkipTaggedFields(true);
        return new DescribeClusterResponse(error, message, endpoint, clusterId, controller, brokers, throttle);
    }
}
