namespace Kpipe.Reliability;

/// <summary>One part of the reliability campaign: it provokes a fault or a load and measures what the system did.</summary>
public interface IScenario
{
    /// <summary>Short identifier used by <c>--only</c> and as the prefix of each figure line.</summary>
    string Name { get; }

    /// <summary>Heading of the scenario's section in RELIABILITY.md.</summary>
    string Title { get; }

    /// <summary>Runs the scenario at the counts <paramref name="campaign"/> asks for and returns its figures.</summary>
    Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken);
}
