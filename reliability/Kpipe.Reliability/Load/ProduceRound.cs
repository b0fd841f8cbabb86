namespace Kpipe.Reliability.Load;

/// <summary>What one round of the producer fleet did: records acknowledged, errors, latencies and how long it took.</summary>
/// <param name="Delivered">Records whose delivery report carried no error.</param>
/// <param name="Errors">Delivery errors, produce calls that threw, and client errors reported by the producers.</param>
/// <param name="FirstError">The first error's text, if any, to say what went wrong.</param>
/// <param name="Latency">Time from the produce call to its delivery report, per acknowledged record.</param>
/// <param name="Elapsed">From the first produce call to the last delivery report.</param>
public sealed record ProduceRound(long Delivered, long Errors, string? FirstError, LatencyDistribution Latency, TimeSpan Elapsed)
{
    /// <summary>Acknowledged records per second over the round.</summary>
    public double RecordsPerSecond => Delivered / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
