using System.CommandLine;
using Spectre.Console;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe group list</c> and <c>kpipe group describe &lt;group&gt;</c>: consumer groups, their members and their lag.</summary>
internal static class GroupCommand
{
    /// <summary>Builds the <c>group</c> command on the CLI's shared <c>--bootstrap</c> option.</summary>
    public static Command Create(Option<string> bootstrap)
    {
        var list = new Command("list", "List consumer groups with their state, member count and total lag");
        list.SetAction((parse, cancellationToken) => ListAsync(parse.GetValue(bootstrap)!, KafkaConfigOption.Settings(parse), cancellationToken));

        var groupId = new Argument<string>("group") { Description = "The consumer group id" };
        var describe = new Command("describe", "Show a group's state, members, assignments and, per partition, committed offset, log end and lag") { groupId };
        describe.SetAction((parse, cancellationToken) => DescribeAsync(parse.GetValue(bootstrap)!, KafkaConfigOption.Settings(parse), parse.GetValue(groupId)!, cancellationToken));

        return new Command("group", "Inspect consumer groups") { list, describe };
    }

    private static async Task<int> ListAsync(string bootstrap, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        await BrokerProbe.EnsureReachableAsync(bootstrap, settings, cancellationToken);
        using var inspector = new GroupInspector(bootstrap, settings);
        var groups = await inspector.ListAsync(cancellationToken);
        if (groups.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]No consumer groups.[/]");
            return ExitCodes.Success;
        }

        AnsiConsole.Write(GroupTables.Summary(groups));
        return ExitCodes.Success;
    }

    private static async Task<int> DescribeAsync(string bootstrap, IReadOnlyDictionary<string, string> settings, string groupId, CancellationToken cancellationToken)
    {
        await BrokerProbe.EnsureReachableAsync(bootstrap, settings, cancellationToken);
        using var inspector = new GroupInspector(bootstrap, settings);
        var details = await inspector.DescribeAsync(groupId, cancellationToken)
            ?? throw new UserException($"consumer group '{groupId}' does not exist; 'kpipe group list' shows the groups there are");
        AnsiConsole.MarkupLine(
            $"Group [bold]{Markup.Escape(details.GroupId)}[/]  state [bold]{details.State}[/]  assignor {Markup.Escape(details.Assignor.Length > 0 ? details.Assignor : "-")}  " +
            $"members {details.Members.Count}  lag {GroupTables.Format(details.TotalLag)}");
        AnsiConsole.Write(GroupTables.Members(details.Members));
        AnsiConsole.Write(GroupTables.Partitions(details.Partitions));
        return ExitCodes.Success;
    }
}
