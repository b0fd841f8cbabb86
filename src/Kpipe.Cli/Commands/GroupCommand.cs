using System.CommandLine;
using Confluent.Kafka;
using Spectre.Console;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe group list</c> and <c>kpipe group describe &lt;group&gt;</c>: consumer groups, their members and their lag.</summary>
internal static class GroupCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Builds the <c>group</c> command; <paramref name="bootstrapServers"/> is the CLI's shared broker address option.</summary>
    public static Command Create(Option<string> bootstrapServers)
    {
        var list = new Command("list", "List consumer groups with their state, member count and total lag");
        list.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(bootstrapServers)!, console => ListAsync(console, parse.GetValue(bootstrapServers)!, cancellationToken)));

        var groupId = new Argument<string>("group") { Description = "The consumer group id" };
        var describe = new Command("describe", "Show a group's state, members, assignments and, per partition, committed offset, log end and lag") { groupId };
        describe.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(bootstrapServers)!, console => DescribeAsync(console, parse.GetValue(bootstrapServers)!, parse.GetValue(groupId)!, cancellationToken)));

        return new Command("group", "Inspect consumer groups") { list, describe };
    }

    private static async Task<int> RunAsync(string bootstrapServers, Func<IAnsiConsole, Task<int>> action)
    {
        try
        {
            return await action(AnsiConsole.Console);
        }
        catch (KafkaException e)
        {
            await Console.Error.WriteLineAsync(
                $"kpipe: could not read consumer groups from {bootstrapServers}: {e.Error.Reason}. Is the broker running (kpipe start) and is --bootstrap-server right?");
            return 1;
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync($"kpipe: no answer from {bootstrapServers} within {Timeout.TotalSeconds:0} s. Is the broker running (kpipe start) and is --bootstrap-server right?");
            return 1;
        }
    }

    private static async Task<int> ListAsync(IAnsiConsole console, string bootstrapServers, CancellationToken cancellationToken)
    {
        using var inspector = new GroupInspector(bootstrapServers, Timeout);
        var groups = await inspector.ListAsync(cancellationToken).WaitAsync(2 * Timeout, cancellationToken);
        if (groups.Count == 0)
        {
            console.MarkupLine("[grey]No consumer groups.[/]");
            return 0;
        }

        console.Write(GroupTables.Summary(groups));
        return 0;
    }

    private static async Task<int> DescribeAsync(IAnsiConsole console, string bootstrapServers, string groupId, CancellationToken cancellationToken)
    {
        using var inspector = new GroupInspector(bootstrapServers, Timeout);
        var details = await inspector.DescribeAsync(groupId, cancellationToken).WaitAsync(2 * Timeout, cancellationToken);
        if (details is null)
        {
            await Console.Error.WriteLineAsync($"kpipe: consumer group '{groupId}' does not exist (see kpipe group list).");
            return 1;
        }

        console.MarkupLine($"Group [bold]{Markup.Escape(details.GroupId)}[/]  state [bold]{details.State}[/]  assignor {Markup.Escape(details.Assignor.Length > 0 ? details.Assignor : "-")}  members {details.Members.Count}  lag {GroupTables.Format(details.TotalLag)}");
        console.Write(GroupTables.Members(details.Members));
        console.Write(GroupTables.Partitions(details.Partitions));
        return 0;
    }
}
