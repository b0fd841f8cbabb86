using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kpipe.Bench;

/// <summary>
/// One run of <c>kpipe job run stream-metrics</c> as a user runs it: the CLI as a process of its own (the build the root
/// <c>kpipe</c> script runs), over a backlog already in the broker, stopping once the topic is idle. Its log lines are
/// stamped as they arrive; its CPU time and peak memory are read from <c>/proc</c> while it runs.
/// </summary>
public static partial class CliJobRun
{
    private static readonly TimeSpan ProcPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs the job once with a group of its own, in a fresh working directory (no <c>.cache/geoip</c>, so enrichment is
    /// off unless <paramref name="geoDatabases"/> are given), with <paramref name="environment"/> added to its own.
    /// </summary>
    public static async Task<CliJobResult> RunAsync(string kpipe, string bootstrap, string topic, string scratch, IReadOnlyList<string> geoDatabases, IReadOnlyDictionary<string, string> environment)
    {
        var directory = Directory.CreateDirectory(Path.Combine(scratch, $"job-{Guid.NewGuid():N}")).FullName;
        var checkpoint = Path.Combine(directory, "checkpoint");
        var info = new ProcessStartInfo(kpipe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        string[] args =
        [
            "job", "run", "stream-metrics", "--topic", topic, "--bootstrap", bootstrap, "--window", "1s", "--format", "parquet",
            "--until-idle", "2s", "--output", Path.Combine(directory, "output"), "--checkpoint", checkpoint,
            "--group", $"kpipe-bench-cli-{Guid.NewGuid():N}", "--instance", "bench",
        ];
        foreach (var arg in args.Concat(geoDatabases.SelectMany(db => new[] { "--geoip-db", db })))
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var lines = new List<(DateTimeOffset At, string Text)>();
        void Stamp(string? text)
        {
            if (text is not null)
            {
                lock (lines)
                {
                    lines.Add((DateTimeOffset.UtcNow, text));
                }
            }
        }
        try
        {
            var launched = DateTimeOffset.UtcNow;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + kpipe);
            process.OutputDataReceived += (_, e) => Stamp(e.Data);
            process.ErrorDataReceived += (_, e) => Stamp(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var usage = new ProcUsage(process.Id);
            var exited = process.WaitForExitAsync();
            while (!exited.IsCompleted)
            {
                usage.Sample();
                await Task.WhenAny(exited, Task.Delay(ProcPollInterval));
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kpipe job run exited with {process.ExitCode}:\n{string.Join('\n', lines.Select(l => l.Text))}");
            }
            return Result(lines, launched, checkpoint, usage);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Start-up: launch to the runtime's "Job … on …" line (the geolocation database is open by then); join: from there to
    // the "First record read" line; the rate runs from that line to the last commit entry the job wrote in its checkpoint.
    private static CliJobResult Result(List<(DateTimeOffset At, string Text)> lines, DateTimeOffset launched, string checkpoint, ProcUsage usage)
    {
        DateTimeOffset Find(string marker) =>
            lines.FirstOrDefault(l => l.Text.Contains(marker, StringComparison.Ordinal)).At is var at && at != default
                ? at
                : throw new InvalidOperationException($"the job printed no line with '{marker}' (its log level must show the runtime's information lines):\n{string.Join('\n', lines.Select(l => l.Text))}");
        var starting = Find("Job stream-metrics on");
        var first = Find("First record read");
        var summary = lines.Select(l => Summary().Match(l.Text)).LastOrDefault(m => m.Success)
            ?? throw new InvalidOperationException("the job printed no summary line:\n" + string.Join('\n', lines.Select(l => l.Text)));
        var commits = new DirectoryInfo(Path.Combine(checkpoint, "commits")).GetFiles().Where(f => !f.Name.StartsWith('.')).ToArray();
        var lastCommit = new DateTimeOffset(commits.Max(f => f.LastWriteTimeUtc), TimeSpan.Zero);
        var records = long.Parse(summary.Groups["records"].Value, CultureInfo.InvariantCulture);
        return new CliJobResult(
            records,
            int.Parse(summary.Groups["batches"].Value, CultureInfo.InvariantCulture),
            starting - launched,
            first - starting,
            records / (lastCommit - first).TotalSeconds,
            usage.PeakResidentBytes,
            usage.Cpu);
    }

    [GeneratedRegex(@"stopped \(\w+\): (?<batches>\d+) batches, (?<records>\d+) records")]
    private static partial Regex Summary();
}
