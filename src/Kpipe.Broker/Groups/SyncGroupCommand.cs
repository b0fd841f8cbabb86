namespace Kpipe.Broker.Groups;

/// <summary>A decoded SyncGroup; protocol type and name are null before v5; followers send no assignments.</summary>
public sealed record SyncGroupCommand(
    string GroupId,
    int GenerationId,
    string MemberId,
    string? GroupInstanceId,
    string? ProtocolType,
    string? ProtocolName,
    IReadOnlyList<SyncGroupAssignment> Assignments);
