using System.Diagnostics;

namespace Kpipe.Testing;

/// <summary>
/// Runs a process to completion with a timeout (killing its tree on expiry), capturing its output; <c>whileRunning</c>
/// gets the process id once it has started, to act on it (send it a signal) before it ends.
/// </summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, byte[]? stdin = null,
        Func<int, Task>? whileRunning = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var expiry = new CancellationTokenSource(timeout);
        try
        {
            if (whileRunning is not null)
            {
                await whileRunning(process.Id).WaitAsync(expiry.Token);
            }

            await process.WaitForExitAsync(expiry.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }
        catch
        {
            // A failed whileRunning step must not leave the process behind.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw;
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
