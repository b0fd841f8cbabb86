using System.Diagnostics;
using System.Text.Json;
using Kpipe.Pipeline.Runtime;

namespace Kpipe.Bench;

/// <summary>
/// One run of <c>kpipe job run stream-metrics</c> as a user runs it: the CLI as a process of its own (the build the root
/// <c>kpipe</c> script runs), over a backlog already in the broker, stopping once the topic is idle. Its log is read as
/// JSON (<c>--log-format json</c>: the job's own timestamps and event names), its batches from its checkpoint, and its
/// CPU time and peak memory from <c>/proc</c> while it runs.
/// </summary>
public static class CliJobRun
{
    private static readonly string JobRuntimeCategory = typeof(JobRuntime).FullName!;
    private static readonly TimeSpan ProcPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs the job once with a group of its own, in a fresh working directory, run the way <paramref name="variant"/>
    /// says. Enrichment is off unless <paramref name="geoDatabases"/> are given (those files alone, no time-zone
    /// boundaries) or <paramref name="geoCache"/> is: the working directory's <c>.cache/geoip</c> then links to it, so
    /// the job finds the databases and time-zone boundaries there as in a clone of the repository.
    /// </summary>
    public static async Task<CliJobResult> RunAsync(
        JobVariant variant, string bootstrap, string topic, string scratch, IReadOnlyList<string> geoDatabases, string? geoCache = null)
    {
        var directory = Directory.CreateDirectory(Path.Combine(scratch, $"job-{Guid.NewGuid():N}")).FullName;
        if (geoCache is not null)
        {
            Directory.CreateSymbolicLink(Path.Combine(Directory.CreateDirectory(Path.Combine(directory, ".cache")).FullName, "geoip"), geoCache);
        }
        var checkpoint = Path.Combine(directory, "checkpoint");
        var info = new ProcessStartInfo(variant.Cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        string[] args =
        [
            "--log-format", "json", "job", "run", "stream-metrics", "--topic", topic, "--bootstrap", bootstrap, "--window", "1s",
            "--format", "parquet", "--until-idle", "2s", "--output", Path.Combine(directory, "output"), "--checkpoint", checkpoint,
            "--group", $"kpipe-bench-cli-{Guid.NewGuid():N}", "--instance", "bench",
        ];
        foreach (var arg in args.Concat(geoDatabases.SelectMany(db => new[] { "--geoip-db", db })).Concat(variant.Arguments))
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in variant.Environment)
        {
            info.Environment[name] = value;
        }
        var lines = new List<string>();
        void Keep(string? text)
        {
            if (text is not null)
            {
                lock (lines)
                {
                    lines.Add(text);
                }
            }
        }
        try
        {
            var launched = DateTimeOffset.UtcNow;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + variant.Cli);
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
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
                throw new InvalidOperationException($"kpipe job run exited with {process.ExitCode}:\n{string.Join('\n', lines)}");
            }
            return Result(lines, launched, await CheckpointTimeline.ReadAsync(checkpoint), usage);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Start-up: launch to the runtime's Starting event (the geolocation database is open by then); join: from there to
    // its FirstRecord event; the rate runs from that event to the last commit entry the job wrote in its checkpoint.
    private static CliJobResult Result(List<string> lines, DateTimeOffset launched, CheckpointTimeline timeline, ProcUsage usage)
    {
        var starting = EventTime(lines, JobEvents.Starting);
        var first = EventTime(lines, JobEvents.FirstRecord);
        return new CliJobResult(
            timeline.Records,
            timeline.Batches.Count,
            starting - launched,
            first - starting,
            timeline.Records / (timeline.LastCommit - first).TotalSeconds,
            usage.PeakResidentBytes,
            usage.Cpu,
            timeline.Batches[0].Planned - first,
            timeline.IdleBetweenBatches,
            timeline.LongestGap);
    }

    // A job runtime's log event by id, with the job's own UTC timestamp.
    private static DateTimeOffset EventTime(List<string> lines, int eventId)
    {
        foreach (var line in lines.Where(l => l.StartsWith('{')))
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            if (root.TryGetProperty("Category", out var category) && category.GetString() == JobRuntimeCategory
                && root.TryGetProperty("EventId", out var id) && id.TryGetInt32(out var value) && value == eventId)
            {
                return root.GetProperty("Timestamp").GetDateTimeOffset();
            }
        }
        throw new InvalidOperationException($"the job logged no event {eventId} of {JobRuntimeCategory}:\n{string.Join('\n', lines)}");
    }
}
