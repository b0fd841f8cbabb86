namespace Kpipe.Broker.Groups;

/// <summary>Group coordinator settings; the defaults are Kafka's broker defaults (tests shorten them).</summary>
public sealed record GroupCoordinatorOptions
{
    /// <summary>Kafka's <c>group.initial.rebalance.delay.ms</c>: how long the first rebalance of an empty group waits for more members.</summary>
    public TimeSpan InitialRebalanceDelay { get; init; } = TimeSpan.FromMilliseconds(3000);

    /// <summary>Kafka's <c>group.min.session.timeout.ms</c>.</summary>
    public int MinSessionTimeoutMs { get; init; } = 6000;

    /// <summary>Kafka's <c>group.max.session.timeout.ms</c>.</summary>
    public int MaxSessionTimeoutMs { get; init; } = 1_800_000;

    /// <summary>Kafka's <c>group.max.size</c>.</summary>
    public int MaxGroupSize { get; init; } = int.MaxValue;

    /// <summary>How long a new member's JoinGroup may stay parked before the member is dropped (Kafka: 5 minutes).</summary>
    public TimeSpan NewMemberJoinTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Kafka's <c>offsets.retention.minutes</c>: offsets of a group left empty this long are deleted.</summary>
    public TimeSpan OffsetsRetention { get; init; } = TimeSpan.FromMinutes(10080);

    /// <summary>Kafka's <c>offsets.retention.check.interval.ms</c>.</summary>
    public TimeSpan OffsetsRetentionCheckInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Kafka's <c>offset.metadata.max.bytes</c>: longer commit metadata gets OFFSET_METADATA_TOO_LARGE.</summary>
    public int OffsetMetadataMaxBytes { get; init; } = 4096;
}
