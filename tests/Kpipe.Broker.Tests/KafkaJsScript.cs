using System.Text.Json;

namespace Kpipe.Broker.Tests;

/// <summary>Runs one of this project's KafkaJS 2.x scripts with node, after installing KafkaJS from npm into the given temp folder.</summary>
internal static class KafkaJsScript
{
    private const string KafkaJsVersion = "2.2.4";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs the script (a path under the test output folder) and returns the JSON summary it prints on its last line.</summary>
    public static async Task<JsonDocument> RunAsync(TempDirectory workDirectory, string scriptPath, IReadOnlyDictionary<string, string> environment)
    {
        var install = await ProcessRunner.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", $"kafkajs@{KafkaJsVersion}"], Timeout,
            workingDirectory: workDirectory.Path);
        Assert.True(install.ExitCode == 0, $"npm install kafkajs failed (is npm on PATH and the registry reachable?):\n{install}");
        var script = workDirectory.File(Path.GetFileName(scriptPath));
        File.Copy(Path.Combine(AppContext.BaseDirectory, scriptPath), script);

        var run = await ProcessRunner.RunAsync("node", [script], Timeout, environment, workDirectory.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n').Last());
    }
}
