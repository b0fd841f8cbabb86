namespace Kpipe.Bench;

/// <summary>
/// One way of running the job's CLI process, for side-by-side comparisons within a run: which CLI, which variables are
/// added to its environment and which arguments to its command line. Written as space-separated items: <c>cli=PATH</c>
/// names the CLI, <c>--name=value</c> is passed as <c>--name value</c>, any other <c>NAME=VALUE</c> is a variable.
/// </summary>
public sealed record JobVariant(string Label, string Cli, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Arguments)
{
    /// <summary>Parses <c>--variants</c>: variants separated by ';' (an empty one is the plain CLI).</summary>
    public static IReadOnlyList<JobVariant> ParseAll(string text, string defaultCli) =>
        [.. text.Split(';').Select(v => Parse(v.Trim(), defaultCli))];

    private static JobVariant Parse(string text, string defaultCli)
    {
        var cli = defaultCli;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var arguments = new List<string>();
        foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split('=', 2);
            if (parts.Length != 2)
            {
                throw new ArgumentException($"--variants takes cli=PATH, --name=value or NAME=VALUE items, not '{item}'");
            }
            if (parts[0] == "cli")
            {
                cli = Path.GetFullPath(parts[1]);
            }
            else if (parts[0].StartsWith("--", StringComparison.Ordinal))
            {
                arguments.Add(parts[0]);
                arguments.Add(parts[1]);
            }
            else
            {
                environment[parts[0]] = parts[1];
            }
        }
        return new JobVariant(text.Length == 0 ? "default" : text, cli, environment, arguments);
    }
}
