namespace Kpipe.Broker.Storage;

/// <summary>The topic configs a partition log obeys, with Kafka's defaults (see <c>TopicConfigCatalog</c> for the names).</summary>
public sealed record LogConfig
{
    /// <summary>Kafka's defaults for every log setting.</summary>
    public static LogConfig Default { get; } = new();

    /// <summary><c>max.message.bytes</c>: largest batch accepted.</summary>
    public int MaxMessageBytes { get; init; } = 1048588;

    /// <summary><c>message.timestamp.type</c> = LogAppendTime: the broker stamps batches with its clock.</summary>
    public bool LogAppendTime { get; init; }

    /// <summary><c>message.timestamp.before.max.ms</c>: how far in the past a CreateTime timestamp may be.</summary>
    public long TimestampBeforeMaxMs { get; init; } = long.MaxValue;

    /// <summary><c>message.timestamp.after.max.ms</c>: how far in the future a CreateTime timestamp may be.</summary>
    public long TimestampAfterMaxMs { get; init; } = long.MaxValue;

    /// <summary><c>segment.bytes</c>: a segment rolls before it would grow past this size.</summary>
    public long SegmentBytes { get; init; } = 1073741824;

    /// <summary><c>segment.ms</c>: a non-empty segment rolls once it is this old.</summary>
    public long SegmentMs { get; init; } = 604800000;

    /// <summary><c>retention.ms</c>: segments whose newest record is older are deleted; -1 keeps them forever.</summary>
    public long RetentionMs { get; init; } = 604800000;

    /// <summary><c>retention.bytes</c>: oldest segments are deleted while the partition is larger; -1 means no limit.</summary>
    public long RetentionBytes { get; init; } = -1;

    /// <summary><c>index.interval.bytes</c>: bytes appended between two offset index entries.</summary>
    public int IndexIntervalBytes { get; init; } = 4096;

    /// <summary><c>cleanup.policy</c> contains delete: retention applies.</summary>
    public bool DeleteRetention { get; init; } = true;
}
