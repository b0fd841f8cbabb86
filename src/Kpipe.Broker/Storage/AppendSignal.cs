namespace Kpipe.Broker.Storage;

/// <summary>Wakes long-poll waiters when a log grows: a task that completes on the next pulse, allocated only while someone waits.</summary>
internal sealed class AppendSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _next;

    /// <summary>A task completed by the next <see cref="Pulse"/>; take it before checking the condition to avoid a lost wake-up.</summary>
    public Task NextPulse()
    {
        lock (_lock)
        {
            return (_next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>Completes the current waiters' task.</summary>
    public void Pulse()
    {
        TaskCompletionSource? current;
        lock (_lock)
        {
            current = _next;
            _next = null;
        }

        current?.TrySetResult();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking after each pulse.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pulse = NextPulse();
            if (condition())
            {
                return;
            }

            await pulse.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
