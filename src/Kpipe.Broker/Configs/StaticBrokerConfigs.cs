using System.Globalization;
using System.Net.Sockets;

namespace Kpipe.Broker.Configs;

/// <summary>
/// The broker configs kpipe's options set, as Kafka would show them from <c>server.properties</c> (source
/// STATIC_BROKER_CONFIG): the node's identity and addresses always, the other settings where they differ from Kafka's
/// defaults.
/// </summary>
internal static class StaticBrokerConfigs
{
    public static Dictionary<string, string> From(BrokerOptions options, string advertisedHost, int advertisedPort)
    {
        static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        var protocol = (options.Sasl, options.Tls) switch
        {
            (null, null) => "PLAINTEXT",
            (null, _) => "SSL",
            (_, null) => "SASL_PLAINTEXT",
            _ => "SASL_SSL",
        };
        var listenPort = options.Listen.Port != 0 || options.Advertised is not null ? options.Listen.Port : advertisedPort;
        var listenHost = options.Listen.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{options.Listen.Address}]" : options.Listen.Address.ToString();
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["advertised.listeners"] = $"{protocol}://{advertisedHost}:{Text(advertisedPort)}",
            ["broker.id"] = Text(options.NodeId),
            ["listeners"] = $"{protocol}://{listenHost}:{Text(listenPort)}",
            ["log.dirs"] = options.DataDirectory,
            ["node.id"] = Text(options.NodeId),
            ["process.roles"] = "broker,controller",

            // One node holds every replica, so the internal topics' replication is 1, as a single-node Kafka sets it.
            ["offsets.topic.replication.factor"] = "1",
            ["transaction.state.log.min.isr"] = "1",
            ["transaction.state.log.replication.factor"] = "1",
            ["auto.create.topics.enable"] = options.AutoCreateTopics ? "true" : "false",
            ["num.partitions"] = Text(options.DefaultPartitions),
            ["socket.request.max.bytes"] = Text(options.MaxFrameBytes),
            ["max.connections"] = Text(options.Connections.MaxConnections),
            ["max.connections.per.ip"] = Text(options.Connections.MaxConnectionsPerIp),
            ["connections.max.idle.ms"] = Text((long)options.Connections.MaxIdle.TotalMilliseconds),
            ["queued.max.requests"] = Text(options.Connections.QueuedMaxRequests),
            ["group.initial.rebalance.delay.ms"] = Text((long)options.Groups.InitialRebalanceDelay.TotalMilliseconds),
            ["group.min.session.timeout.ms"] = Text(options.Groups.MinSessionTimeoutMs),
            ["group.max.session.timeout.ms"] = Text(options.Groups.MaxSessionTimeoutMs),
            ["group.max.size"] = Text(options.Groups.MaxGroupSize),
            ["offsets.retention.minutes"] = Text((long)options.Groups.OffsetsRetention.TotalMinutes),
            ["offsets.retention.check.interval.ms"] = Text((long)options.Groups.OffsetsRetentionCheckInterval.TotalMilliseconds),
            ["offset.metadata.max.bytes"] = Text(options.Groups.OffsetMetadataMaxBytes),
            ["producer.id.expiration.ms"] = Text((long)options.Producers.ProducerIdExpiration.TotalMilliseconds),
            ["producer.id.expiration.check.interval.ms"] = Text((long)options.Producers.ExpiryCheckInterval.TotalMilliseconds),
        };
        switch (options.Fsync)
        {
            case FsyncPolicy.Interval:
                values["log.flush.interval.ms"] = Text((long)options.FsyncInterval.TotalMilliseconds);
                break;
            case FsyncPolicy.Always:
                values["log.flush.interval.messages"] = "1";
                break;
        }

        if (options.Sasl is { } sasl)
        {
            values["sasl.enabled.mechanisms"] = string.Join(',', sasl.Mechanisms);
        }

        // Settings equal to Kafka's default are reported as defaults, as Kafka does for what server.properties leaves out.
        foreach (var (name, value) in values.ToList())
        {
            if (!IsIdentity(name) && BrokerConfigCatalog.TryGet(name, out var definition) && definition.Default == value)
            {
                values.Remove(name);
            }
        }

        return values;
    }

    private static bool IsIdentity(string name) => name is "advertised.listeners" or "broker.id" or "listeners" or "log.dirs" or "node.id" or "process.roles";
}
