namespace Kpipe.Pipeline.Consuming;

/// <summary>What <see cref="TopicReader"/> reads and when it stops.</summary>
public sealed record TopicReadOptions
{
    /// <summary>The topic to read.</summary>
    public required string Topic { get; init; }

    /// <summary>Where to start when there is no committed offset (or always, without a group).</summary>
    public StartPosition Start { get; init; } = StartPosition.Beginning;

    /// <summary>One partition only; null reads all of them.</summary>
    public int? Partition { get; init; }

    /// <summary>Stop after this many records; null has no limit.</summary>
    public long? MaxMessages { get; init; }

    /// <summary>Stop when no record arrives for this long; null waits until cancelled.</summary>
    public TimeSpan? IdleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consumer group: subscribe and commit; null assigns partitions manually and commits nothing.</summary>
    public string? GroupId { get; init; }
}
