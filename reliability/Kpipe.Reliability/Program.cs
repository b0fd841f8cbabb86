using System.Diagnostics;
using Kpipe.Reliability;

// The reliability campaign: each scenario provokes faults, load or hostile input against kpipe and prints one figure per
// line; RELIABILITY.md is rewritten with the figures. Exit code 1 when any figure breaks its guarantee.
var longForm = args.Contains("--long");
var only = OptionValue("--only");
var output = OptionValue("--output") ?? "RELIABILITY.md";
var root = RepositoryRoot();
var campaign = new Campaign { Long = longForm, Root = root };

var selected = Scenarios.All.Where(s => only is null || only.Split(',').Contains(s.Name)).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"no scenario named '{only}'; the scenarios are: {string.Join(", ", Scenarios.All.Select(s => s.Name))}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// The root script builds the CLI when a source changed; building here keeps that minute out of the first
// scenario's broker start-up wait.
using (var build = Process.Start(new ProcessStartInfo(campaign.KpipeScript, "--version") { RedirectStandardOutput = true }))
{
    await build!.WaitForExitAsync();
    if (build.ExitCode != 0)
    {
        Console.Error.WriteLine("the kpipe CLI did not build; run ./kpipe --version to see why");
        return 1;
    }
}

var clock = Stopwatch.StartNew();
var results = new List<(IScenario, ScenarioResult)>();
foreach (var scenario in selected)
{
    Console.WriteLine($"== {scenario.Title}");
    ScenarioResult result;
    try
    {
        result = await scenario.RunAsync(campaign, cancel.Token);
    }
    catch (Exception e) when (!cancel.IsCancellationRequested)
    {
        result = new ScenarioResult([new Figure("scenario ran to the end", $"no: {e.GetType().Name}: {e.Message}", Passed: false)], "The scenario stopped with an error.");
    }

    foreach (var figure in result.Figures)
    {
        Console.WriteLine($"{scenario.Name}: {figure.Name}: {figure.Value}{(figure.Passed ? "" : "  <-- FAILED")}");
    }

    results.Add((scenario, result));
}

var outputPath = Path.IsPathRooted(output) ? output : Path.Combine(root, output);
ReliabilityReport.Write(outputPath, campaign, results, clock.Elapsed);
var failed = results.Count(r => !r.Item2.Passed);
Console.WriteLine($"{results.Count - failed} of {results.Count} scenarios passed; figures written to {outputPath}");
return failed == 0 ? 0 : 1;

string? OptionValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Kpipe.slnx")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("cannot find Kpipe.slnx above " + AppContext.BaseDirectory);
}
