using System.Collections.Concurrent;
using System.Diagnostics;

namespace Kpipe.Reliability.JobFaults;

/// <summary><c>kpipe job run …</c> as a process through the root script, its output kept, to be SIGKILLed or waited for.</summary>
public sealed class JobProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    /// <summary>Starts <c>kpipe job run</c> with <paramref name="arguments"/>.</summary>
    public JobProcess(Campaign campaign, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(campaign.KpipeScript) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "job", "run" }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + campaign.KpipeScript);
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The last lines the job wrote, for an error message.</summary>
    public string Tail => string.Join(" | ", _output.TakeLast(5));

    /// <summary>Waits until the job has written a line containing <paramref name="text"/>; false when it ended or the time ran out first.</summary>
    public async Task<bool> WaitForLineAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20, cancellationToken);
        }
        return true;
    }

    /// <summary>SIGKILLs the job (no shutdown code runs) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the job to end on its own; kills it and throws after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync();
            throw new TimeoutException($"the job did not stop within {timeout.TotalSeconds:0} s: {Tail}");
        }
        return _process.ExitCode;
    }

    /// <summary>Kills the job if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
