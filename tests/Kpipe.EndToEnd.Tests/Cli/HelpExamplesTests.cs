using System.CommandLine;
using System.CommandLine.Parsing;
using Kpipe.Cli;

namespace Kpipe.EndToEnd.Tests.Cli;

/// <summary>
/// Every command's help, as <c>--help</c> prints it, ends with examples; each example is a command line that parses
/// without error as that command (or one below it), so its command names, arguments and options exist.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class HelpExamplesTests
{
    public static TheoryData<string> CommandPaths => [.. Paths(KpipeApp.BuildRoot(), [])];

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Help_ends_with_examples_that_parse_as_the_command(string path)
    {
        var help = Help(path);

        var examples = HelpText.Examples(help);

        Assert.True(examples.Count > 0, $"no examples in the help of 'kpipe {path}':\n{help}");
        foreach (var example in examples)
        {
            var words = example.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("kpipe", words[0]);
            var parse = KpipeApp.BuildRoot().Parse(words[1..]);
            Assert.True(parse.Errors.Count == 0, $"'{example}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            var parsedPath = CommandPath(parse.CommandResult);
            Assert.True(path.Length == 0 || parsedPath == path || parsedPath.StartsWith(path + " ", StringComparison.Ordinal),
                $"'{example}' runs 'kpipe {parsedPath}', not 'kpipe {path}' or a command below it");
        }
    }

    [Fact]
    public void The_root_help_shows_the_examples_after_the_commands()
    {
        var help = Help("");

        Assert.True(help.IndexOf("Commands:", StringComparison.Ordinal) < help.IndexOf(HelpExamples.Title, StringComparison.Ordinal), help);
        Assert.Contains(HelpText.Examples(help), e => e.StartsWith("kpipe produce ", StringComparison.Ordinal));
    }

    private static string Help(string path)
    {
        using var output = new StringWriter();
        var arguments = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
        var exitCode = KpipeApp.BuildRoot().Parse(arguments).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(0, exitCode);
        return output.ToString();
    }

    private static IEnumerable<string> Paths(Command command, string[] above)
    {
        yield return string.Join(' ', above);
        foreach (var child in command.Subcommands)
        {
            foreach (var path in Paths(child, [.. above, child.Name]))
            {
                yield return path;
            }
        }
    }

    // The names from below the root down to the parsed command.
    private static string CommandPath(CommandResult result) => string.Join(' ', Ancestors(result).Reverse().Select(c => c.Name));

    private static IEnumerable<Command> Ancestors(CommandResult result)
    {
        for (; result.Parent is CommandResult parent; result = parent)
        {
            yield return result.Command;
        }
    }
}
