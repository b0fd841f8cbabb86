namespace Kpipe.Broker.Protocol.Messages;

/// <summary>
/// JoinGroup request (key 11, v0–5 served; flexible from v6): rebalance timeout v1+, group instance id v5+.
/// Protocol metadata is copied out of the frame because the coordinator keeps it beyond the request.
/// </summary>
public sealed record JoinGroupRequest(
    string GroupId,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    string MemberId,
    string? GroupInstanceId,
    string ProtocolType,
    IReadOnlyList<JoinGroupRequest.Protocol> Protocols,
    string? Reason = null)
{
    /// <summary>One assignor the member supports, with its metadata.</summary>
    public sealed record Protocol(string Name, byte[] Metadata);

    /// <summary>Decodes the body.</summary>
    public static JoinGroupRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 6;
        var groupId = r.ReadString(flex);
        var sessionTimeout = r.ReadInt32();
        var rebalanceTimeout = version >= 1 ? r.ReadInt32() : -1;
        var memberId = r.ReadString(flex);
        var instanceId = version >= 5 ? r.ReadNullableString(flex) : null;
        var protocolType = r.ReadString(flex);
        var count = r.ReadArrayCount(flex);
        var protocols = new Protocol[count];
        for (var i = 0; i < count; i++)
        {
            var name = r.ReadString(flex);
            r.ReadNullableBytes(flex, out var metadata);
            r.SkipTaggedFields(flex);
            protocols[i] = new Protocol(name, metadata.ToArray());
        }

        var reason = version >= 8 ? r.ReadNullableString(flex) : null;
        r.SkipTaggedFields(flex);
        return new JoinGroupRequest(groupId, sessionTimeout, rebalanceTimeout, memberId, instanceId, protocolType, protocols, reason);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 6;
        w.WriteString(GroupId, flex);
        w.WriteInt32(SessionTimeoutMs);
        if (version >= 1)
        {
            w.WriteInt32(RebalanceTimeoutMs);
        }

        w.WriteString(MemberId, flex);
        if (version >= 5)
        {
            w.WriteNullableString(GroupInstanceId, flex);
        }

        w.WriteString(ProtocolType, flex);
        w.WriteArrayLength(Protocols.Count, flex);
        foreach (var protocol in Protocols)
        {
            w.WriteString(protocol.Name, flex);
            w.WriteNullableBytes(protocol.Metadata, flex);
            w.WriteEmptyTaggedFields(flex);
        }

        if (version >= 8)
        {
            w.WriteNullableString(Reason, flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>JoinGroup response: generation, selected protocol (type v7+), leader, this member's id and, for the leader, every member.</summary>
public sealed record JoinGroupResponse(
    ErrorCode ErrorCode,
    int GenerationId,
    string? ProtocolType,
    string? ProtocolName,
    string Leader,
    string MemberId,
    IReadOnlyList<JoinGroupResponse.Member> Members,
    bool SkipAssignment = false,
    int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>A member as the leader sees it.</summary>
    public sealed record Member(string MemberId, string? GroupInstanceId, byte[] Metadata);

    /// <summary>Encodes the body; before v7 a missing protocol name is written as an empty string.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 6;
        if (version >= 2)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteInt16((short)ErrorCode);
        w.WriteInt32(GenerationId);
        if (version >= 7)
        {
            w.WriteNullableString(ProtocolType, flex);
            w.WriteNullableString(ProtocolName, flex);
        }
        else
        {
            w.WriteString(ProtocolName ?? string.Empty, flex);
        }

        w.WriteString(Leader, flex);
        if (version >= 9)
        {
            w.WriteBool(SkipAssignment);
        }

        w.WriteString(MemberId, flex);
        w.WriteArrayLength(Members.Count, flex);
        foreach (var member in Members)
        {
            w.WriteString(member.MemberId, flex);
            if (version >= 5)
            {
                w.WriteNullableString(member.GroupInstanceId, flex);
            }

            w.WriteNullableBytes(member.Metadata, flex);
            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static JoinGroupResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 6;
        var throttle = version >= 2 ? r.ReadInt32() : 0;
        var error = (ErrorCode)r.ReadInt16();
        var generation = r.ReadInt32();
        var protocolType = version >= 7 ? r.ReadNullableString(flex) : null;
        var protocolName = version >= 7 ? r.ReadNullableString(flex) : r.ReadString(flex);
        var leader = r.ReadString(flex);
        var skip = version >= 9 && r.ReadBool();
        var memberId = r.ReadString(flex);
        var count = r.ReadArrayCount(flex);
        var members = new Member[count];
        for (var i = 0; i < count; i++)
        {
            var id = r.ReadString(flex);
            var instance = version >= 5 ? r.ReadNullableString(flex) : null;
            r.ReadNullableBytes(flex, out var metadata);
            r.SkipTaggedFields(flex);
            members[i] = new Member(id, instance, metadata.ToArray());
        }

        r.SkipTaggedFields(flex);
        return new JoinGroupResponse(error, generation, protocolType, protocolName, leader, memberId, members, skip, throttle);
    }
}
