namespace Kpipe.Broker.Protocol.Messages;

/// <summary>DescribeGroups request (key 15, v0–5; flexible from v5): group ids, and whether to include authorized operations (v3+).</summary>
public sealed record DescribeGroupsRequest(IReadOnlyList<string> Groups, bool IncludeAuthorizedOperations = false)
{
    /// <summary>Decodes the body.</summary>
    public static DescribeGroupsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 5;
        var count = r.ReadArrayCount(flex);
        var groups = new string[count];
        for (var i = 0; i < count; i++)
        {
            groups[i] = r.ReadString(flex);
        }

        var include = version >= 3 && r.ReadBool();
        r.SkipTaggedFields(flex);
        return new DescribeGroupsRequest(groups, include);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 5;
        w.WriteArrayLength(Groups.Count, flex);
        foreach (var group in Groups)
        {
            w.WriteString(group, flex);
        }

        if (version >= 3)
        {
            w.WriteBool(IncludeAuthorizedOperations);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>DescribeGroups response: per group its state string, protocol type, selected protocol (protocol_data) and members.</summary>
public sealed record DescribeGroupsResponse(IReadOnlyList<DescribeGroupsResponse.Group> Groups, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>Kafka's "authorized operations not requested" marker.</summary>
    public const int OperationsNotRequested = int.MinValue;

    /// <summary>One described group.</summary>
    public sealed record Group(
        ErrorCode ErrorCode,
        string GroupId,
        string GroupState,
        string ProtocolType,
        string ProtocolData,
        IReadOnlyList<Member> Members,
        int AuthorizedOperations = OperationsNotRequested);

    /// <summary>One member with its metadata and assignment bytes (empty unless the group is Stable).</summary>
    public sealed record Member(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] MemberMetadata, byte[] MemberAssignment);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 5;
        if (version >= 1)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteArrayLength(Groups.Count, flex);
        foreach (var group in Groups)
        {
            w.WriteInt16((short)group.ErrorCode);
            w.WriteString(group.GroupId, flex);
            w.WriteString(group.GroupState, flex);
            w.WriteString(group.ProtocolType, flex);
            w.WriteString(group.ProtocolData, flex);
            w.WriteArrayLength(group.Members.Count, flex);
            foreach (var member in group.Members)
            {
                w.WriteString(member.MemberId, flex);
                if (version >= 4)
                {
                    w.WriteNullableString(member.GroupInstanceId, flex);
                }

                w.WriteString(member.ClientId, flex);
                w.WriteString(member.ClientHost, flex);
                w.WriteNullableBytes(member.MemberMetadata, flex);
                w.WriteNullableBytes(member.MemberAssignment, flex);
                w.WriteEmptyTaggedFields(flex);
            }

            if (version >= 3)
            {
                w.WriteInt32(group.AuthorizedOperations);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static DescribeGroupsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 5;
        var throttle = version >= 1 ? r.ReadInt32() : 0;
        var groupCount = r.ReadArrayCount(flex);
        var groups = new Group[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            var error = (ErrorCode)r.ReadInt16();
            var groupId = r.ReadString(flex);
            var state = r.ReadString(flex);
            var protocolType = r.ReadString(flex);
            var protocolData = r.ReadString(flex);
            var memberCount = r.ReadArrayCount(flex);
            var members = new Member[memberCount];
            for (var m = 0; m < memberCount; m++)
            {
                var memberId = r.ReadString(flex);
                var instanceId = version >= 4 ? r.ReadNullableString(flex) : null;
                var clientId = r.ReadString(flex);
                var clientHost = r.ReadString(flex);
                r.ReadNullableBytes(flex, out var metadata);
                r.ReadNullableBytes(flex, out var assignment);
                r.SkipTaggedFields(flex);
                members[m] = new Member(memberId, instanceId, clientId, clientHost, metadata.ToArray(), assignment.ToArray());
            }

            var operations = version >= 3 ? r.ReadInt32() : OperationsNotRequested;
            r.SkipTaggedFields(flex);
            groups[g] = new Group(error, groupId, state, protocolType, protocolData, members, operations);
        }

        r.SkipTaggedFields(flex);
        return new DescribeGroupsResponse(groups, throttle);
    }
}
