using System.Diagnostics;

namespace Kpipe.Bench;

/// <summary>Runs one short <c>kpipe</c> command (data generation, topic creation, produce) to its end.</summary>
public static class KpipeCommand
{
    /// <summary>Runs <paramref name="kpipe"/> with <paramref name="args"/>; throws with its error output when it fails.</summary>
    public static async Task RunAsync(string kpipe, params string[] args)
    {
        var info = new ProcessStartInfo(kpipe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + kpipe);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kpipe {string.Join(' ', args)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
