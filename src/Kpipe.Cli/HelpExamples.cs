using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Kpipe.Cli;

/// <summary>
/// The "Examples:" section that ends the help of <c>kpipe</c> and of each of its commands: command lines to paste, for
/// the command itself or the ones below it.
/// </summary>
internal static class HelpExamples
{
    public const string Title = "Examples:";

    // By command path below the root ("" is kpipe itself). They work as written against the broker `kpipe cluster start`
    // runs at localhost:9092, from the repository's root (data_to_load/), in the order of the root's examples.
    private static readonly Dictionary<string, string[]> ByPath = new(StringComparer.Ordinal)
    {
        [""] =
        [
            "kpipe cluster start",
            "kpipe topic create users --partitions 3",
            "kpipe produce users data_to_load/mock_data.json",
            "kpipe job run stream-metrics --topic users --until-idle 5s",
            "kpipe report output/stream-metrics/users --html report.html",
        ],
        ["broker"] = ["kpipe broker start --data-dir .kpipe/data"],
        ["broker start"] =
        [
            "kpipe broker start --data-dir .kpipe/data",
            "kpipe broker start --data-dir .kpipe/data --listen 0.0.0.0:9093 --advertised kafka.example:9093 --sasl-credentials .kpipe/users.json",
        ],
        ["cluster"] = ["kpipe cluster start", "kpipe cluster status", "kpipe cluster stop"],
        ["cluster start"] = ["kpipe cluster start --data-dir .kpipe/data --listen 127.0.0.1:9092"],
        ["cluster stop"] = ["kpipe cluster stop --data-dir .kpipe/data"],
        ["cluster status"] = ["kpipe cluster status"],
        ["topic"] = ["kpipe topic create users --partitions 3", "kpipe topic list"],
        ["topic create"] = ["kpipe topic create users --partitions 3 --config max.message.bytes=2097152"],
        ["topic list"] = ["kpipe topic list --bootstrap localhost:9092"],
        ["topic describe"] = ["kpipe topic describe users"],
        ["topic delete"] = ["kpipe topic delete users"],
        ["produce"] = ["kpipe produce users data_to_load/mock_data.json", "kpipe produce users data_to_load/mock_data.json --rate 50 --loop"],
        ["consume"] = ["kpipe consume users --max-messages 10", "kpipe consume users --from-end --group watchers --idle-timeout 0"],
        ["data"] = ["kpipe data generate --count 1000 --seed 42 --output users.json"],
        ["data generate"] = ["kpipe data generate --count 1000 --seed 42 --output users.json"],
        ["group"] = ["kpipe group list", "kpipe group describe kpipe-stream-metrics-users"],
        ["group list"] = ["kpipe group list"],
        ["group describe"] = ["kpipe group describe kpipe-stream-metrics-users"],
        ["job"] = ["kpipe job list", "kpipe job run stream-metrics --topic users"],
        ["job run"] =
        [
            "kpipe job run stream-metrics --topic users --window 10s --until-idle 5s",
            "kpipe job run stream-raw --topic users --format json --output out",
        ],
        ["job list"] = ["kpipe job list"],
        ["report"] = ["kpipe report output/stream-metrics/users --html report.html"],
        ["user"] = ["kpipe user add app --credentials .kpipe/users.json --password-stdin", "kpipe user list --credentials .kpipe/users.json"],
        ["user add"] = ["kpipe user add app --credentials .kpipe/users.json --password-stdin"],
        ["user remove"] = ["kpipe user remove app --credentials .kpipe/users.json"],
        ["user list"] = ["kpipe user list --credentials .kpipe/users.json"],
    };

    /// <summary>Ends the help of <paramref name="root"/> and of every command below it with the command's examples.</summary>
    public static void AddTo(RootCommand root)
    {
        var commands = Commands(root, "").ToList();
        var examples = commands.Where(c => ByPath.ContainsKey(c.Path)).ToDictionary(c => c.Command, c => ByPath[c.Path]);

        // A renamed or removed command must take its examples with it.
        var orphans = ByPath.Keys.Except(commands.Select(c => c.Path)).ToList();
        if (orphans.Count > 0)
        {
            throw new InvalidOperationException($"examples for commands that do not exist: {string.Join(", ", orphans)}");
        }

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new WithExamples((HelpAction)help.Action!, examples);
    }

    private static IEnumerable<(string Path, Command Command)> Commands(Command command, string path)
    {
        yield return (path, command);
        foreach (var child in command.Subcommands)
        {
            foreach (var below in Commands(child, path.Length == 0 ? child.Name : path + " " + child.Name))
            {
                yield return below;
            }
        }
    }

    // System.CommandLine keeps its help layout internal; its help action stays in charge and the examples follow it.
    private sealed class WithExamples(HelpAction help, Dictionary<Command, string[]> examples) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => help.ClearsParseErrors;

        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = help.Invoke(parseResult);
            if (examples.TryGetValue(parseResult.CommandResult.Command, out var lines))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(Title);
                foreach (var line in lines)
                {
                    output.WriteLine("  " + line);
                }

                output.WriteLine();
            }

            return exitCode;
        }
    }
}
