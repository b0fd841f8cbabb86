namespace Kpipe.Broker;

/// <summary>What one peer, or all of them, may hold on the broker's listener; the defaults are Kafka's.</summary>
public sealed record ConnectionLimits
{
    /// <summary>Kafka's <c>max.connections</c>: connections beyond it are closed at accept.</summary>
    public int MaxConnections { get; init; } = int.MaxValue;

    /// <summary>Kafka's <c>max.connections.per.ip</c>: connections from one address beyond it are closed at accept.</summary>
    public int MaxConnectionsPerIp { get; init; } = int.MaxValue;

    /// <summary>Kafka's <c>connections.max.idle.ms</c>: a connection with no request in flight and none arriving for this long is closed.</summary>
    public TimeSpan MaxIdle { get; init; } = TimeSpan.FromMilliseconds(600_000);

    /// <summary>
    /// Kafka's <c>queued.max.requests</c>: the most requests a connection takes from what it has read before it writes
    /// their responses and reads again, so a client pipelining frames without reading answers stalls on its own socket.
    /// </summary>
    public int QueuedMaxRequests { get; init; } = 500;

    /// <summary>How often the log may mention one misbehaving peer address: once per interval, with a count of the rest.</summary>
    public TimeSpan PeerLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, "max.connections");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerIp, 1, "max.connections.per.ip");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxIdle, TimeSpan.Zero, "connections.max.idle.ms");
        ArgumentOutOfRangeException.ThrowIfLessThan(QueuedMaxRequests, 1, "queued.max.requests");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PeerLogInterval, TimeSpan.Zero, nameof(PeerLogInterval));
    }
}
