using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kpipe.EndToEnd.Tests;

[Trait("Category", "Slow")]
[Trait("Category", "External")]
public sealed partial class JobInterruptTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>, IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("kpipe-e2e-interrupt-").FullName;

    [SkippableFact]
    public async Task Ctrl_C_mid_run_leaves_only_committed_files_and_a_restart_completes_exactly_once()
    {
        var cannot = InheritedInterrupt.WhyChildrenCannotBeInterrupted();
        Skip.If(cannot is not null, cannot);
        var topic = KafkaTestCluster.UniqueName("interrupt");
        Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "2", "--replication", "1", "--bootstrap", broker.BootstrapServers)).ExitCode);
        var sample = Path.Combine(RepositoryRoot.Path, "data_to_load", "mock_data.json");
        var tables = Path.Combine(_output, "stream-metrics", topic);
        var producing = KpipeCli.RunAsync(["produce", topic, sample, "--rate", "100", "--bootstrap", broker.BootstrapServers], null, TimeSpan.FromSeconds(60));

        var interrupted = await RunJobAsync(topic, untilIdle: null, whileRunning: async pid =>
        {
            await Poll.UntilAsync(() => JobOutput.PartFiles(tables, "window_summary").Count > 0, TimeSpan.FromSeconds(60), "a first window_summary part file");
            using var kill = Process.Start("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        });
        Assert.True(interrupted.ExitCode is 130 or 0, interrupted.ToString());
        Assert.DoesNotContain("   at ", interrupted.Stderr);
        var leftovers = JobOutput.TemporaryFiles(_output);
        Assert.True(leftovers.Count == 0, "temporary files left: " + string.Join(", ", leftovers.Select(f => Path.GetRelativePath(_output, f))) + Environment.NewLine + interrupted);
        var checkpoint = Path.Combine(tables, "_checkpoints", "e2e");
        var lastCommitted = Directory.EnumerateFiles(Path.Combine(checkpoint, "commits")).Select(f => long.Parse(Path.GetFileName(f), CultureInfo.InvariantCulture)).Max();
        var visibleBatches = Directory.EnumerateFiles(tables, "part-*", SearchOption.AllDirectories).Select(BatchOf).ToList();
        Assert.All(visibleBatches, batch => Assert.True(batch <= lastCommitted, $"part file of batch {batch} is visible but the last commit is {lastCommitted}"));
        // A stop finishes the running batch: every planned batch is committed, none is left for the restart to re-run.
        Assert.Equal(
            Directory.EnumerateFiles(Path.Combine(checkpoint, "offsets")).Select(Path.GetFileName).Order(),
            Directory.EnumerateFiles(Path.Combine(checkpoint, "commits")).Select(Path.GetFileName).Order());

        Assert.True((await producing).ExitCode == 0);
        var restart = await RunJobAsync(topic, untilIdle: "3s", whileRunning: null);

        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.DoesNotContain("re-run from the checkpoint", restart.Stderr);
        Assert.Empty(JobOutput.TemporaryFiles(_output));
        var summaries = await JobOutput.RowsAsync(tables, "window_summary");
        Assert.Equal(1000, summaries.Sum(s => JobOutput.Long(s, "records")));
        var records = await JobOutput.RowsAsync(tables, "records");
        Assert.Equal(1000, records.Count);
        Assert.Equal(1000, records.Select(r => (JobOutput.Long(r, "partition"), JobOutput.Long(r, "offset"))).Distinct().Count());
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);

    private Task<ProcessResult> RunJobAsync(string topic, string? untilIdle, Func<int, Task>? whileRunning)
    {
        // The job must see the SIGINT sent below even when this test process was started with SIGINT ignored.
        var command = InheritedInterrupt.RestoringPrefix.Append("dotnet").ToList();
        var arguments = new List<string>(command.Skip(1))
        {
            KpipeCli.Assembly, "job", "run", "stream-metrics", "--topic", topic, "--bootstrap", broker.BootstrapServers,
            "--window", "1s", "--format", "json", "--output", _output, "--instance", "e2e",
        };
        if (untilIdle is not null)
        {
            arguments.AddRange(["--until-idle", untilIdle]);
        }

        return ProcessRunner.RunAsync(command[0], arguments, TimeSpan.FromSeconds(90), whileRunning: whileRunning);
    }

    private static long BatchOf(string partFile) =>
        long.Parse(PartNumber().Match(Path.GetFileName(partFile)).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"-(\d{6})\.[a-z]+$")]
    private static partial Regex PartNumber();
}
