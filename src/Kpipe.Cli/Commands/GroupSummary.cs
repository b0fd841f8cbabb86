namespace Kpipe.Cli.Commands;

/// <summary>One consumer group in <c>kpipe group list</c> and <c>kpipe cluster status</c>: state, member count and total lag (null when nothing is committed).</summary>
internal sealed record GroupSummary(string GroupId, string State, int Members, long? TotalLag);
