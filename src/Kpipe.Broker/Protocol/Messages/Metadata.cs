namespace Kpipe.Broker.Protocol.Messages;

/// <summary>
/// Metadata request (key 3, v0–12; flexible from v9). <see cref="Topics"/> null means "all topics" (v1+);
/// on v0 an empty list means "all" (P13). Topic ids (v10+) are read but only names are resolved.
/// </summary>
public sealed record MetadataRequest(IReadOnlyList<MetadataRequest.Topic>? Topics, bool AllowAutoTopicCreation = true, bool IncludeClusterAuthorizedOperations = false, bool IncludeTopicAuthorizedOperations = false)
{
    /// <summary>One requested topic, by name (by id from v10).</summary>
    public sealed record Topic(string? Name, Guid TopicId = default);

    /// <summary>Decodes the body.</summary>
    public static MetadataRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 9;
        var count = r.ReadArrayLength(flex);
        if (version == 0 && count < 0)
        {
            r.Fail();
        }

        Topic[]? topics = count < 0 ? null : new Topic[count];
        for (var i = 0; i < count; i++)
        {
            var id = version >= 10 ? r.ReadUuid() : Guid.Empty;
            var name = version >= 10 ? r.ReadNullableString(flex) : r.ReadString(flex);
            r.SkipTaggedFields(flex);
            topics![i] = new Topic(name, id);
        }

        var allow = version < 4 || r.ReadBool();
        var cluster = version is >= 8 and <= 10 && r.ReadBool();
        var topicOps = version >= 8 && r.ReadBool();
        r.SkipTaggedFields(flex);
        return new MetadataRequest(topics, allow, cluster, topicOps);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 9;
        w.WriteArrayLength(Topics?.Count ?? -1, flex);
        foreach (var t in Topics ?? [])
        {
            if (version >= 10)
            {
                w.WriteUuid(t.TopicId);
                w.WriteNullableString(t.Name, flex);
            }
            else
            {
                w.WriteString(t.Name ?? string.Empty, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        if (version >= 4)
        {
            w.WriteBool(AllowAutoTopicCreation);
        }

        if (version is >= 8 and <= 10)
        {
            w.WriteBool(IncludeClusterAuthorizedOperations);
        }

        if (version >= 8)
        {
            w.WriteBool(IncludeTopicAuthorizedOperations);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>Metadata response: brokers, cluster id (v2+), controller (v1+), topics with their partitions.</summary>
public sealed record MetadataResponse(IReadOnlyList<MetadataResponse.Broker> Brokers, string? ClusterId, int ControllerId, IReadOnlyList<MetadataResponse.Topic> Topics, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>Kafka's "authorized operations not requested" marker.</summary>
    public const int OperationsNotRequested = int.MinValue;

    /// <summary>One broker clients can dial.</summary>
    public sealed record Broker(int NodeId, string Host, int Port, string? Rack = null);

    /// <summary>One topic's state.</summary>
    public sealed record Topic(ErrorCode ErrorCode, string? Name, Guid TopicId, bool IsInternal, IReadOnlyList<Partition> Partitions, int TopicAuthorizedOperations = OperationsNotRequested);

    /// <summary>One partition's leader and replicas.</summary>
    public sealed record Partition(ErrorCode ErrorCode, int PartitionIndex, int LeaderId, int LeaderEpoch, IReadOnlyList<int> ReplicaNodes, IReadOnlyList<int> IsrNodes, IReadOnlyList<int> OfflineReplicas);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 9;
        if (version >= 3)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteArrayLength(Brokers.Count, flex);
        foreach (var b in Brokers)
        {
            w.WriteInt32(b.NodeId);
            w.WriteString(b.Host, flex);
            w.WriteInt32(b.Port);
            if (version >= 1)
            {
                w.WriteNullableString(b.Rack, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        if (version >= 2)
        {
            w.WriteNullableString(ClusterId, flex);
        }

        if (version >= 1)
        {
            w.WriteInt32(ControllerId);
        }

        w.WriteArrayLength(Topics.Count, flex);
        foreach (var t in Topics)
        {
            w.WriteInt16((short)t.ErrorCode);
            w.WriteNullableString(t.Name, flex);
            if (version >= 10)
            {
                w.WriteUuid(t.TopicId);
            }

            if (version >= 1)
            {
                w.WriteBool(t.IsInternal);
            }

            w.WriteArrayLength(t.Partitions.Count, flex);
            foreach (var p in t.Partitions)
            {
                w.WriteInt16((short)p.ErrorCode);
                w.WriteInt32(p.PartitionIndex);
                w.WriteInt32(p.LeaderId);
                if (version >= 7)
                {
                    w.WriteInt32(p.LeaderEpoch);
                }

                w.WriteInt32Array(p.ReplicaNodes, flex);
                w.WriteInt32Array(p.IsrNodes, flex);
                if (version >= 5)
                {
                    w.WriteInt32Array(p.OfflineReplicas, flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            if (version >= 8)
            {
                w.WriteInt32(t.TopicAuthorizedOperations);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        if (version is >= 8 and <= 10)
        {
            w.WriteInt32(OperationsNotRequested);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body.</summary>
    public static MetadataResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 9;
        var throttle = version >= 3 ? r.ReadInt32() : 0;
        var brokers = new Broker[r.ReadArrayCount(flex)];
        for (var i = 0; i < brokers.Length; i++)
        {
            var id = r.ReadInt32();
            var host = r.ReadString(flex);
            var port = r.ReadInt32();
            var rack = version >= 1 ? r.ReadNullableString(flex) : null;
            r.SkipTaggedFields(flex);
            brokers[i] = new Broker(id, host, port, rack);
        }

        var clusterId = version >= 2 ? r.ReadNullableString(flex) : null;
        var controller = version >= 1 ? r.ReadInt32() : -1;
        var topics = new Topic[r.ReadArrayCount(flex)];
        for (var i = 0; i < topics.Length; i++)
        {
            var error = (ErrorCode)r.ReadInt16();
            var name = r.ReadNullableString(flex);
            var topicId = version >= 10 ? r.ReadUuid() : Guid.Empty;
            var isInternal = version >= 1 && r.ReadBool();
            var partitions = new Partition[r.ReadArrayCount(flex)];
            for (var j = 0; j < partitions.Length; j++)
            {
                var perr = (ErrorCode)r.ReadInt16();
                var index = r.ReadInt32();
                var leader = r.ReadInt32();
                var epoch = version >= 7 ? r.ReadInt32() : -1;
                var replicas = r.ReadInt32Array(flex);
                var isr = r.ReadInt32Array(flex);
                var offline = version >= 5 ? r.ReadInt32Array(flex) : [];
                r.SkipTaggedFields(flex);
                partitions[j] = new Partition(perr, index, leader, epoch, replicas, isr, offline);
            }

            var ops = version >= 8 ? r.ReadInt32() : OperationsNotRequested;
            r.SkipTaggedFields(flex);
            topics[i] = new Topic(error, name, topicId, isInternal, partitions, ops);
        }

        if (version is >= 8 and <= 10)
        {
            r.ReadInt32();
        }

        r.SkipTaggedFields(flex);
        return new MetadataResponse(brokers, clusterId, controller, topics, throttle);
    }
}
