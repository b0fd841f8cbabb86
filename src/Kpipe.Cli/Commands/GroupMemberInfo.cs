namespace Kpipe.Cli.Commands;

/// <summary>A member of a described group with the partitions assigned to it.</summary>
internal sealed record GroupMemberInfo(string MemberId, string? GroupInstanceId, string ClientId, string Host, IReadOnlyList<(string Topic, int Partition)> Assignment);
