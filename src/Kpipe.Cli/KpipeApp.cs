using System.CommandLine;
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
                // Ctrl-C cancels the action's token; give the broker and producers time to flush before the process exits.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
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
