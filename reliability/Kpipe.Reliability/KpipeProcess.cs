using System.Diagnostics;
using System.Text;

namespace Kpipe.Reliability;

/// <summary>
/// One <c>kpipe</c> command run to its end as a process, with what it printed; killed and marked hung when it outlives
/// its time limit.
/// </summary>
/// <param name="ExitCode">The exit code; -1 when the process was killed for hanging.</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
/// <param name="Hung">True when it did not end within its time limit.</param>
public sealed record KpipeProcess(int ExitCode, string Stdout, string Stderr, bool Hung)
{
    /// <summary>
    /// True when the process ended the way a bug ends it: killed by a signal, kpipe's "unexpected error" exit (70), or
    /// an exception's stack trace printed for the user to see.
    /// </summary>
    public bool Crashed => !Hung && (ExitCode is 70 or > 128 || Stderr.Contains("unexpected error", StringComparison.Ordinal) ||
        Stderr.Contains("\n   at ", StringComparison.Ordinal) || Stdout.Contains("Unhandled exception", StringComparison.Ordinal) ||
        Stderr.Contains("Unhandled exception", StringComparison.Ordinal));

    /// <summary>The first line of standard error that starts with "kpipe: ", cut to <paramref name="length"/> characters; empty when none.</summary>
    public string FirstError(int length = 100)
    {
        var line = Stderr.Split('\n').FirstOrDefault(l => l.StartsWith("kpipe: ", StringComparison.Ordinal)) ?? "";
        return line.Length <= length ? line : line[..length];
    }

    /// <summary>
    /// Runs <c>kpipe</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> (null: this process's)
    /// and waits at most <paramref name="timeout"/>.
    /// </summary>
    public static async Task<KpipeProcess> RunAsync(Campaign campaign, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(campaign.KpipeScript)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + campaign.KpipeScript);
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var reading = Task.WhenAll(CopyAsync(process.StandardOutput, stdout), CopyAsync(process.StandardError, stderr));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var hung = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            hung = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await reading;
        cancellationToken.ThrowIfCancellationRequested();
        return new KpipeProcess(hung ? -1 : process.ExitCode, stdout.ToString(), stderr.ToString(), hung);
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[64 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            into.Append(buffer, 0, read);
        }
    }
}
