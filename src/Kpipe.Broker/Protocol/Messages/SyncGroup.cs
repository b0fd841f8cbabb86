namespace Kpipe.Broker.Protocol.Messages;

/// <summary>SyncGroup request (key 14, v0–3 served; flexible from v4): instance id v3+, protocol type and name v5+; the leader sends the assignments.</summary>
public sealed record SyncGroupRequest(
    string GroupId,
    int GenerationId,
    string MemberId,
    string? GroupInstanceId,
    string? ProtocolType,
    string? ProtocolName,
    IReadOnlyList<SyncGroupRequest.Assignment> Assignments)
{
    /// <summary>One member's assignment bytes, copied out of the frame.</summary>
    public sealed record Assignment(string MemberId, byte[] Bytes);

    /// <summary>Decodes the body.</summary>
    public static SyncGroupRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var groupId = r.ReadString(flex);
        var generation = r.ReadInt32();
        var memberId = r.ReadString(flex);
        var instanceId = version >= 3 ? r.ReadNullableString(flex) : null;
        var protocolType = version >= 5 ? r.ReadNullableString(flex) : null;
        var protocolName = version >= 5 ? r.ReadNullableString(flex) : null;
        var count = r.ReadArrayCount(flex);
        var assignments = new Assignment[count];
        for (var i = 0; i < count; i++)
        {
            var member = r.ReadString(flex);
            r.ReadNullableBytes(flex, out var bytes);
            r.SkipTaggedFields(flex);
            assignments[i] = new Assignment(member, bytes.ToArray());
        }

        r.SkipTaggedFields(flex);
        return new SyncGroupRequest(groupId, generation, memberId, instanceId, protocolType, protocolName, assignments);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        w.WriteString(GroupId, flex);
        w.WriteInt32(GenerationId);
        w.WriteString(MemberId, flex);
        if (version >= 3)
        {
            w.WriteNullableString(GroupInstanceId, flex);
        }

        if (version >= 5)
        {
            w.WriteNullableString(ProtocolType, flex);
            w.WriteNullableString(ProtocolName, flex);
        }

        w.WriteArrayLength(Assignments.Count, flex);
        foreach (var assignment in Assignments)
        {
            w.WriteString(assignment.MemberId, flex);
            w.WriteNullableBytes(assignment.Bytes, flex);
            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>SyncGroup response: this member's assignment (protocol type and name v5+).</summary>
public sealed record SyncGroupResponse(ErrorCode ErrorCode, string? ProtocolType, string? ProtocolName, byte[] Assignment, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        if (version >= 1)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteInt16((short)ErrorCode);
        if (version >= 5)
        {
            w.WriteNullableString(ProtocolType, flex);
            w.WriteNullableString(ProtocolName, flex);
        }

        w.WriteNullableBytes(Assignment, flex);
        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static SyncGroupResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var throttle = version >= 1 ? r.ReadInt32() : 0;
        var error = (ErrorCode)r.ReadInt16();
        var protocolType = version >= 5 ? r.ReadNullableString(flex) : null;
        var protocolName = version >= 5 ? r.ReadNullableString(flex) : null;
        r.ReadNullableBytes(flex, out var assignment);
        r.SkipTaggedFields(flex);
        return new SyncGroupResponse(error, protocolType, protocolName, assignment.ToArray(), throttle);
    }
}
