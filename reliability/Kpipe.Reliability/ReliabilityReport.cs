using System.Globalization;
using System.Text;

namespace Kpipe.Reliability;

/// <summary>
/// Rewrites the generated part of RELIABILITY.md, between its two marker comments, with the figures of a run; the
/// hand-written parts around it (the threat model, the flush policy's guarantees) are kept as they are.
/// </summary>
public static class ReliabilityReport
{
    private const string Start = "<!-- figures:start (written by make reliability; edits here are overwritten) -->";
    private const string End = "<!-- figures:end -->";

    /// <summary>Replaces the figures section of <paramref name="path"/> (appending one if the file has none).</summary>
    public static void Write(string path, Campaign campaign, IReadOnlyList<(IScenario Scenario, ScenarioResult Result)> results, TimeSpan elapsed)
    {
        var section = Render(campaign, results, elapsed);
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# kpipe reliability\n\n";
        var start = existing.IndexOf(Start, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var updated = start >= 0 && end > start
            ? existing[..start] + section + existing[(end + End.Length)..]
            : existing.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(path, updated);
    }

    private static string Render(Campaign campaign, IReadOnlyList<(IScenario Scenario, ScenarioResult Result)> results, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(Start);
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {MachineDescription.Current}, " +
            $"{(campaign.Long ? "long form (`make reliability LONG=1`)" : "short form (`make reliability`)")}, {elapsed.TotalMinutes:F1} minutes in all.");
        foreach (var (scenario, result) in results)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {scenario.Title} — {(result.Passed ? "passed" : "FAILED")}");
            text.AppendLine();
            text.AppendLine("| figure | value | meets the guarantee |");
            text.AppendLine("|---|---|---|");
            foreach (var figure in result.Figures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {figure.Name} | {figure.Value} | {(figure.Passed ? "yes" : "**no**")} |");
            }
            text.AppendLine();
            text.AppendLine(result.Method.Trim());
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `{campaign.Command(scenario.Name)}`");
        }
        text.Append(End);
        return text.ToString();
    }
}
