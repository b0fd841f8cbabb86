namespace Kpipe.Broker.Protocol.Messages;

/// <summary>ListGroups request (key 16, v0–5; flexible from v3): state filter v4+, type filter v5+ (empty = all).</summary>
public sealed record ListGroupsRequest(IReadOnlyList<string> StatesFilter, IReadOnlyList<string> TypesFilter)
{
    /// <summary>Decodes the body.</summary>
    public static ListGroupsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 3;
        var states = version >= 4 ? ReadStrings(ref r, flex) : [];
        var types = version >= 5 ? ReadStrings(ref r, flex) : [];
        r.SkipTaggedFields(flex);
        return new ListGroupsRequest(states, types);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 3;
        if (version >= 4)
        {
            WriteStrings(w, StatesFilter, flex);
        }

        if (version >= 5)
        {
            WriteStrings(w, TypesFilter, flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    private static string[] ReadStrings(ref KafkaReader r, bool flex)
    {
        var count = r.ReadArrayCount(flex);
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = r.ReadString(flex);
        }

        return values;
    }

    private static void WriteStrings(KafkaWriter w, IReadOnlyList<string> values, bool flex)
    {
        w.WriteArrayLength(values.Count, flex);
        foreach (var value in values)
        {
            w.WriteString(value, flex);
        }
    }
}

/// <summary>ListGroups response: every group with its protocol type, state (v4+) and type (v5+, always <c>classic</c> here).</summary>
public sealed record ListGroupsResponse(ErrorCode ErrorCode, IReadOnlyList<ListGroupsResponse.Group> Groups, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One listed group.</summary>
    public sealed record Group(string GroupId, string ProtocolType, string GroupState, string GroupType = "classic");

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 3;
        if (version >= 1)
        {
            w.WriteInt32(ThrottleTimeMs);
        }

        w.WriteInt16((short)ErrorCode);
        w.WriteArrayLength(Groups.Count, flex);
        foreach (var group in Groups)
        {
            w.WriteString(group.GroupId, flex);
            w.WriteString(group.ProtocolType, flex);
            if (version >= 4)
            {
                w.WriteString(group.GroupState, flex);
            }

            if (version >= 5)
            {
                w.WriteString(group.GroupType, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static ListGroupsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 3;
        var throttle = version >= 1 ? r.ReadInt32() : 0;
        var error = (ErrorCode)r.ReadInt16();
        var count = r.ReadArrayCount(flex);
        var groups = new Group[count];
        for (var i = 0; i < count; i++)
        {
            var groupId = r.ReadString(flex);
            var protocolType = r.ReadString(flex);
            var state = version >= 4 ? r.ReadString(flex) : string.Empty;
            var type = version >= 5 ? r.ReadString(flex) : "classic";
            r.SkipTaggedFields(flex);
            groups[i] = new Group(groupId, protocolType, state, type);
        }

        r.SkipTaggedFields(flex);
        return new ListGroupsResponse(error, groups, throttle);
    }
}
