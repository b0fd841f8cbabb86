using System.Diagnostics;
using System.Text;

namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>Runs a command line with <c>/bin/sh -c</c>, as Docker runs a shell-form RUN, and collects its output.</summary>
internal static class ShellCommand
{
    public static async Task<ProcessResult> RunAsync(string commandLine, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(commandLine);
        // A clean, non-interactive dotnet, as in a build container.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start");
        var output = new StringBuilder();
        var lockObject = new object();
        process.OutputDataReceived += (_, e) => { lock (lockObject) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (lockObject) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"'{commandLine}' did not finish within {timeout}:\n{output}");
        }

        lock (lockObject)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }
}
