using System.Net;
using Kpipe.Broker.Groups;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Security;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker;

/// <summary>How an embedded broker is run; the defaults mirror a single-node Kafka's.</summary>
public sealed record BrokerOptions
{
    /// <summary>Directory holding topic partitions, topic metadata and checkpoints.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Address to bind; port 0 picks an ephemeral port (see <c>KafkaBroker.BoundEndPoint</c>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 9092);

    /// <summary>Host and port put in Metadata responses; null advertises the bound address.</summary>
    public DnsEndPoint? Advertised { get; init; }

    /// <summary>When appended data is forced to disk.</summary>
    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.Interval;

    /// <summary>Flush period for <see cref="FsyncPolicy.Interval"/>.</summary>
    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Kafka's <c>auto.create.topics.enable</c>.</summary>
    public bool AutoCreateTopics { get; init; } = true;

    /// <summary>Kafka's <c>num.partitions</c>: partitions of auto-created topics and of CreateTopics with -1.</summary>
    public int DefaultPartitions { get; init; } = 1;

    /// <summary>Kafka's <c>socket.request.max.bytes</c>: larger frames close the connection.</summary>
    public int MaxFrameBytes { get; init; } = 100 * 1024 * 1024;

    /// <summary>SASL authentication (SASL_PLAINTEXT, or SASL_SSL with <see cref="Tls"/>); null lets any client in.</summary>
    public SaslOptions? Sasl { get; init; }

    /// <summary>TLS on the listener (SSL, or SASL_SSL with <see cref="Sasl"/>); null for plain TCP.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>ACLs decide what each principal may do (Kafka's <c>authorizer.class.name</c>); null, the default, allows everything.</summary>
    public Authorization.AuthorizerOptions? Authorizer { get; init; }

    /// <summary>Connection limits: counts per address and in total, idle timeout, requests taken per read.</summary>
    public ConnectionLimits Connections { get; init; } = new();

    /// <summary>Kafka's <c>node.id</c>.</summary>
    public int NodeId { get; init; } = 1;

    /// <summary>Consumer group settings (rebalance delay, session timeout bounds, offset retention).</summary>
    public GroupCoordinatorOptions Groups { get; init; } = new();

    /// <summary>Idempotent producer settings (producer id expiration).</summary>
    public ProducerStateOptions Producers { get; init; } = new();

    /// <summary>Transaction coordinator settings (transaction.max.timeout.ms, how often hung transactions are aborted).</summary>
    public TransactionCoordinatorOptions Transactions { get; init; } = new();
}
