using System.Globalization;
using Spectre.Console;

namespace Kpipe.Cli.Commands;

/// <summary>Spectre.Console tables for group listings, members and per-partition lag (also used by <c>kpipe cluster status</c>).</summary>
internal static class GroupTables
{
    public static Table Summary(IEnumerable<GroupSummary> groups)
    {
        var table = new Table().AddColumns("Group", "State", "Members", "Lag");
        foreach (var group in groups)
        {
            table.AddRow(Markup.Escape(group.GroupId), group.State, group.Members.ToString(CultureInfo.InvariantCulture), Format(group.TotalLag));
        }

        return table;
    }

    public static Table Members(IEnumerable<GroupMemberInfo> members)
    {
        var table = new Table().AddColumns("Member", "Instance", "Client", "Host", "Assignment");
        foreach (var member in members)
        {
            var assignment = string.Join(", ", member.Assignment.GroupBy(tp => tp.Topic).Select(g => $"{g.Key}[{string.Join(",", g.Select(tp => tp.Partition))}]"));
            table.AddRow(
                Markup.Escape(member.MemberId),
                Markup.Escape(member.GroupInstanceId ?? "-"),
                Markup.Escape(member.ClientId),
                Markup.Escape(member.Host),
                Markup.Escape(assignment.Length > 0 ? assignment : "-"));
        }

        return table;
    }

    public static Table Partitions(IEnumerable<GroupPartitionLag> partitions)
    {
        var table = new Table().AddColumns("Topic", "Partition", "Committed", "Log end", "Lag", "Owner");
        foreach (var partition in partitions)
        {
            table.AddRow(
                Markup.Escape(partition.Topic),
                partition.Partition.ToString(CultureInfo.InvariantCulture),
                Format(partition.CommittedOffset),
                partition.LogEndOffset >= 0 ? partition.LogEndOffset.ToString(CultureInfo.InvariantCulture) : "-",
                Format(partition.Lag),
                Markup.Escape(partition.Owner ?? "-"));
        }

        return table;
    }

    public static string Format(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
