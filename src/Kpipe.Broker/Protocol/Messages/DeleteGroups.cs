namespace Kpipe.Broker.Protocol.Messages;

/// <summary>DeleteGroups request (key 42, v0–2; flexible from v2): the group ids to delete.</summary>
public sealed record DeleteGroupsRequest(IReadOnlyList<string> GroupsNames)
{
    /// <summary>Decodes the body.</summary>
    public static DeleteGroupsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 2;
        var count = r.ReadArrayCount(flex);
        var groups = new string[count];
        for (var i = 0; i < count; i++)
        {
            groups[i] = r.ReadString(flex);
        }

        r.SkipTaggedFields(flex);
        return new DeleteGroupsRequest(groups);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 2;
        w.WriteArrayLength(GroupsNames.Count, flex);
        foreach (var group in GroupsNames)
        {
            w.WriteString(group, flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>DeleteGroups response: one error per group (NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND, …).</summary>
public sealed record DeleteGroupsResponse(IReadOnlyList<DeleteGroupsResponse.Result> Results, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One group's outcome.</summary>
    public sealed record Result(string GroupId, ErrorCode ErrorCode);

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 2;
        w.WriteInt32(ThrottleTimeMs);
        w.WriteArrayLength(Results.Count, flex);
        foreach (var result in Results)
        {
            w.WriteString(result.GroupId, flex);
            w.WriteInt16((short)result.ErrorCode);
            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (tests and tools).</summary>
    public static DeleteGroupsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 2;
        var throttle = r.ReadInt32();
        var count = r.ReadArrayCount(flex);
        var results = new Result[count];
        for (var i = 0; i < count; i++)
        {
            results[i] = new Result(r.ReadString(flex), (ErrorCode)r.ReadInt16());
            r.SkipTaggedFields(flex);
        }

        r.SkipTaggedFields(flex);
        return new DeleteGroupsResponse(results, throttle);
    }
}
