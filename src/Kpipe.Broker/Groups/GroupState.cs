namespace Kpipe.Broker.Groups;

/// <summary>The classic group states Kafka has; <see cref="GroupCoordinator"/> documents the transitions.</summary>
public enum GroupState
{
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}
