namespace Kpipe.Pipeline.Jobs;

/// <summary>
/// A job that carries state from batch to batch (stream-raw's inferred schema). The runtime saves the state with each
/// commit entry and restores the last committed state on restart, so a re-run batch sees what its first run saw.
/// </summary>
public interface IStatefulJob : IJob
{
    /// <summary>The state after the last processed batch, as text.</summary>
    string? SaveState();

    /// <summary>Resets the job to a saved state (null: the initial state).</summary>
    void RestoreState(string? state);
}
