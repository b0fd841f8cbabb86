namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// Watches a running job without changing it (a live view, a progress bar): the runtime reports the window being
/// consumed a few times a second, and a metrics job reports each window it has committed. Calls come from the job's
/// threads and must return at once.
/// </summary>
public interface IJobObserver
{
    /// <summary>The window being consumed: its records so far and each assigned partition's lag.</summary>
    void Consuming(ConsumingProgress progress);

    /// <summary>A window's metrics, once its batch has been written.</summary>
    void WindowCompleted(WindowSnapshot window);
}
