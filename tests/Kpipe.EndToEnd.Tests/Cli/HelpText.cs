using Kpipe.Cli;

namespace Kpipe.EndToEnd.Tests.Cli;

/// <summary>Reads the example command lines out of a help text as <c>kpipe … --help</c> prints it.</summary>
internal static class HelpText
{
    /// <summary>The indented lines under the examples title, without their indentation.</summary>
    public static IReadOnlyList<string> Examples(string help) =>
        [.. help.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .SkipWhile(line => line != HelpExamples.Title)
            .Skip(1)
            .TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal))
            .Select(line => line.Trim())];
}
