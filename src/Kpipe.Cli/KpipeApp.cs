using System.CommandLine;
using System.CommandLine.Parsing;
using Confluent.Kafka;
using Kpipe.Broker;
using Kpipe.Cli.Commands;
using Kpipe.Cli.Logging;
using Kpipe.Pipeline.Consuming;

namespace Kpipe.Cli;

/// <summary>The <c>kpipe</c> command tree and the one place where user-caused errors become a message and an exit code.</summary>
internal static class KpipeApp
{
    private const int RedirectedWidth = 240;

    // Ctrl-C (or SIGTERM) cancels the action's token; a command still running this long after is left behind and the
    // process exits 130, so no request to a broker that does not answer holds the terminal.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(1);

    // The broker closes its segments and a job finishes the batch it holds before they exit; both take a fraction of
    // a second when nothing is wrong, and cutting them short would only make the next start recover.
    private static readonly TimeSpan CleanStopTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] CleanStopCommands = ["broker start", "job run"];

    public static RootCommand BuildRoot()
    {
        var bootstrap = BootstrapOption.Create();
        var root = new RootCommand("kpipe: a local Kafka-compatible broker and streaming pipeline") { bootstrap, KafkaConfigOption.Create() };
        LogOptions.Create().ToList().ForEach(root.Options.Add);

        // Each command registers with one line.
        root.Subcommands.Add(BrokerCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create(bootstrap));
        root.Subcommands.Add(TopicCommand.Create(bootstrap));
        root.Subcommands.Add(ProduceCommand.Create(bootstrap));
        root.Subcommands.Add(ConsumeCommand.Create(bootstrap));
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(GroupCommand.Create(bootstrap));
        root.Subcommands.Add(JobCommand.Create(bootstrap));
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        HelpExamples.AddTo(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        WidenRedirectedOutput();
        var parse = BuildRoot().Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = CleanStopCommands.Contains(CommandPath(parse.CommandResult)) ? CleanStopTimeout : StopTimeout,
            });
        }
        catch (Exception e) when (UserMessage(e) is { } message)
        {
            await Console.Error.WriteLineAsync("kpipe: " + message);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"kpipe: unexpected error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.Bug;
        }
    }

    private static string CommandPath(CommandResult command) =>
        command.Parent is CommandResult { Parent: not null } parent ? CommandPath(parent) + " " + command.Command.Name : command.Command.Name;

    // Spectre.Console assumes 80 columns when stdout is a pipe or a file, which wraps every wide table (cluster status,
    // group describe, report) into unreadable cells; a pipe has no width, so tables get the room they need. COLUMNS wins.
    private static void WidenRedirectedOutput()
    {
        if (Console.IsOutputRedirected && Environment.GetEnvironmentVariable("COLUMNS") is null)
        {
            Spectre.Console.AnsiConsole.Profile.Width = RedirectedWidth;
        }
    }

    private static string? UserMessage(Exception e) => e switch
    {
        UserException user => user.Message,
        BrokerStartException start => start.Message,
        TopicNotFoundException missing => missing.Message,
        KafkaException kafka => $"{kafka.Error.Reason} ({kafka.Error.Code})",
        FileNotFoundException file => $"file not found: {file.FileName}",
        DirectoryNotFoundException directory => directory.Message,
        UnauthorizedAccessException denied => denied.Message,
        ArgumentException or InvalidOperationException when e.Source == "Confluent.Kafka" && e.Message.Contains("configuration property", StringComparison.Ordinal) =>
            $"invalid Kafka client setting: {e.Message}; check {KafkaConfigOption.Name} and {KafkaConfigOption.Variable}",
        _ => null,
    };
}
