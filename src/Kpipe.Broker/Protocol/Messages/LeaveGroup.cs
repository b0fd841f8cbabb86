namespace Kpipe.Broker.Protocol.Messages;

/// <summary>LeaveGroup request (key 13, v0–3 served; flexible from v4): one member id up to v2, a batch of (member id, instance id) from v3.</summary>
public sealed record LeaveGroupRequest(string GroupId, IReadOnlyList<LeaveGroupRequest.Member> Members)
{
    /// <summary>One leaving member; an instance id with an empty member id removes a static member (v3+).</summary>
    public sealed record Member(string MemberId, string? GroupInstanceId, string? Reason = null);

    /// <summary>Decodes the body; v0–2's single member id becomes a one-member batch.</summary>
    public static LeaveGroupRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var groupId = r.ReadString(flex);
        if (version <= 2)
        {
            var memberId = r.ReadString(flex);
            r.SkipTaggedFields(flex);
            return new LeaveGroupRequest(groupId, [new Member(memberId, null)]);
        }

        var count = r.ReadArrayCount(flex);
        var members = new Member[count];
        for (var i = 0; i < count; i++)
        {
            var memberId = r.ReadString(flex);
            var instanceId = r.ReadNullableString(flex);
            var reason = version >= 5 ? r.ReadNullableString(flex) : null;
            r.SkipTaggedFields(flex);
            members[i] = new Member(memberId, instanceId, reason);
        }

        r.SkipTaggedFields(flex);
        return new LeaveGroupRequest(groupId, members);
    }

    /// <summary>Encodes the body; v0–2 carry the first member only.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        w.WriteString(GroupId, flex);
        if (version <= 2)
        {
            w.WriteString(Members.Count > 0 ? Members[0].MemberId : string.Empty, flex);
            w.WriteEmptyTaggedFields(flex);
            return;
        }

        w.WriteArrayLength(Members.Count, flex);
        foreach (var member in Members)
        {
            w.WriteString(member.MemberId, flex);
            w.WriteNullableString(member.GroupInstanceId, flex);
            if (version >= 5)
            {
                w.WriteNullableString(member.Reason, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>LeaveGroup response: a top-level error and, from v3, one error per member.</summary>
public sealed record LeaveGroupResponse(ErrorCode ErrorCode, IReadOnlyList<LeaveGroupResponse.Member> Members, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>The outcome for one member (v3+).</summary>
    public sealed record Member(string MemberId, string? GroupInstanceId, ErrorCode ErrorCode);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        if (version >= 1)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteInt16((short)ErrorCode);
        if (version >= 3)
        {
            w.WriteArrayLength(Members.Count, flex);
            foreach (var member in Members)
            {
                w.WriteString(member.MemberId, flex);
                w.WriteNullableString(member.GroupInstanceId, flex);
                w.WriteInt16((short)member.ErrorCode);
                w.WriteEmptyTaggedFields(flex);
            }
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static LeaveGroupResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var throttle = version >= 1 ? r.ReadInt32() : 0;
        var error = (ErrorCode)r.ReadInt16();
        var members = new List<Member>();
        if (version >= 3)
        {
            var count = r.ReadArrayCount(flex);
            for (var i = 0; i < count; i++)
            {
                members.Add(new Member(r.ReadString(flex), r.ReadNullableString(flex), (ErrorCode)r.ReadInt16()));
                r.SkipTaggedFields(flex);
            }
        }

        r.SkipTaggedFields(flex);
        return new LeaveGroupResponse(error, members, throttle);
    }
}
