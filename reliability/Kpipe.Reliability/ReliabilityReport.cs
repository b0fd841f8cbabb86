using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kpipe.Reliability;

/// <summary>
/// Rewrites the generated part of RELIABILITY.md, between its two marker comments, with the figures of a run; the
/// hand-written parts around it (the threat model, the flush policy's guarantees) are kept as they are. Each scenario
/// has its own block, so a run of some scenarios (<c>ONLY=</c>) replaces theirs and keeps the others' figures.
/// </summary>
public static partial class ReliabilityReport
{
    private const string Start = "<!-- figures:start (written by make reliability; edits here are overwritten) -->";
    private const string End = "<!-- figures:end -->";
    private const string BlockPrefix = "<!-- scenario:";

    /// <summary>Replaces the blocks of the scenarios in <paramref name="results"/> in <paramref name="path"/>'s figures section.</summary>
    public static void Write(string path, Campaign campaign, IReadOnlyList<(IScenario Scenario, ScenarioResult Result)> results, TimeSpan elapsed)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# kpipe reliability\n\n";
        var start = existing.IndexOf(Start, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var hasSection = start >= 0 && end > start;
        var blocks = hasSection ? ParseBlocks(existing[(start + Start.Length)..end]) : [];
        var measured = $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {MachineDescription.Current}, " +
            $"{(campaign.Long ? "long form (`make reliability LONG=1`)" : "short form (`make reliability`)")}; " +
            $"the run of {results.Count} scenario(s) took {elapsed.TotalMinutes:F1} minutes.";
        foreach (var (scenario, result) in results)
        {
            blocks[scenario.Name] = Render(campaign, scenario, result, measured);
        }

        var order = Scenarios.All.Select(s => s.Name).ToList();
        var section = new StringBuilder(Start).Append('\n');
        foreach (var name in blocks.Keys.OrderBy(n => order.IndexOf(n) is var i && i >= 0 ? i : int.MaxValue))
        {
            section.Append('\n').Append(blocks[name].Trim()).Append('\n');
        }

        section.Append(End);
        var updated = hasSection
            ? existing[..start] + section + existing[(end + End.Length)..]
            : existing.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(path, updated);
    }

    private static Dictionary<string, string> ParseBlocks(string section)
    {
        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in BlockPattern().Matches(section))
        {
            blocks[match.Groups["name"].Value] = match.Value;
        }

        return blocks;
    }

    private static string Render(Campaign campaign, IScenario scenario, ScenarioResult result, string measured)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{BlockPrefix}{scenario.Name} -->");
        text.AppendLine(CultureInfo.InvariantCulture, $"### {scenario.Title} — {(result.Passed ? "passed" : "FAILED")}");
        text.AppendLine();
        text.AppendLine(measured);
        text.AppendLine();
        text.AppendLine("| figure | value | meets the guarantee |");
        text.AppendLine("|---|---|---|");
        foreach (var figure in result.Figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {figure.Name} | {figure.Value.Replace("|", "\\|", StringComparison.Ordinal)} | {(figure.Passed ? "yes" : "**no**")} |");
        }

        text.AppendLine();
        text.AppendLine(result.Method.Trim());
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `{campaign.Command(scenario.Name)}`");
        return text.ToString();
    }

    [GeneratedRegex(@"<!-- scenario:(?<name>[a-z0-9-]+) -->.*?(?=<!-- scenario:|\z)", RegexOptions.Singleline)]
    private static partial Regex BlockPattern();
}
