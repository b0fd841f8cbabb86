namespace Kpipe.EndToEnd.Tests.Cli;

/// <summary>
/// The built <c>kpipe</c> prints its examples with <c>--help</c>, and answers System.CommandLine's <c>[suggest]</c>
/// directive, which shell completion (dotnet-suggest) calls with the line typed so far.
/// </summary>
[Trait("Category", TestCategories.Slow)]
public sealed class HelpCliTests
{
    [Fact]
    public async Task Kpipe_help_prints_examples_and_exits_zero()
    {
        var result = await KpipeCli.RunAsync("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(HelpText.Examples(result.Stdout), e => e.StartsWith("kpipe cluster start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_suggest_directive_lists_the_subcommands_after_a_command()
    {
        const string line = "kpipe topic ";

        var result = await KpipeCli.RunAsync($"[suggest:{line.Length}]", line);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Subset(Lines(result.Stdout), new HashSet<string> { "create", "delete", "describe", "list" });
    }

    [Fact]
    public async Task The_suggest_directive_completes_a_partly_typed_option()
    {
        const string line = "kpipe topic create users --part";

        var result = await KpipeCli.RunAsync($"[suggest:{line.Length}]", line);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new HashSet<string> { "--partitions" }, Lines(result.Stdout));
    }

    private static HashSet<string> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
