namespace Kpipe.Broker.Groups;

/// <summary>The classic group states Kafka has (its <c>GroupState</c>); <see cref="ConsumerGroup"/> holds the transition table and enforces it.</summary>
public enum GroupState
{
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}
