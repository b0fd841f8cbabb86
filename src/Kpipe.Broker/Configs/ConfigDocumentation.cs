namespace Kpipe.Broker.Configs;

/// <summary>The text DescribeConfigs v3+ returns as a config's documentation: topic configs and the broker settings kpipe uses.</summary>
public static class ConfigDocumentation
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["cleanup.policy"] = "How old segments are cleaned up: delete (by retention.ms and retention.bytes) and/or compact. kpipe applies delete.",
        ["compression.gzip.level"] = "Compression level when compression.type is gzip.",
        ["compression.lz4.level"] = "Compression level when compression.type is lz4.",
        ["compression.type"] = "Final compression codec of the topic; producer keeps what the producer sent, which is what kpipe stores.",
        ["compression.zstd.level"] = "Compression level when compression.type is zstd.",
        ["delete.retention.ms"] = "How long delete markers are kept on compacted topics.",
        ["file.delete.delay.ms"] = "Wait before a deleted segment's files are removed from disk.",
        ["flush.messages"] = "Messages appended before the log is forced to disk.",
        ["flush.ms"] = "Time after which appended messages are forced to disk.",
        ["follower.replication.throttled.replicas"] = "Replicas (partition:broker, or *) whose follower-side replication is throttled.",
        ["index.interval.bytes"] = "Bytes appended between two entries of the offset index.",
        ["leader.replication.throttled.replicas"] = "Replicas (partition:broker, or *) whose leader-side replication is throttled.",
        ["local.retention.bytes"] = "Local size limit when tiered storage is on; -2 follows retention.bytes.",
        ["local.retention.ms"] = "Local time limit when tiered storage is on; -2 follows retention.ms.",
        ["max.compaction.lag.ms"] = "Longest a message may stay uncompacted.",
        ["max.message.bytes"] = "Largest record batch the topic accepts, in bytes.",
        ["message.downconversion.enable"] = "Whether old-format fetches were down-converted; has no effect.",
        ["message.timestamp.after.max.ms"] = "How far in the future a CreateTime timestamp may be before the batch is refused.",
        ["message.timestamp.before.max.ms"] = "How far in the past a CreateTime timestamp may be before the batch is refused.",
        ["message.timestamp.difference.max.ms"] = "Deprecated bound between a CreateTime timestamp and the broker's clock.",
        ["message.timestamp.type"] = "CreateTime keeps the producer's timestamps; LogAppendTime stamps batches with the broker's clock.",
        ["min.cleanable.dirty.ratio"] = "Share of the log that must be uncompacted before compaction runs.",
        ["min.compaction.lag.ms"] = "Shortest time a message stays uncompacted.",
        ["min.insync.replicas"] = "Replicas that must acknowledge an acks=all write; a single node always has one.",
        ["preallocate"] = "Whether segment files are preallocated on disk.",
        ["remote.log.copy.disable"] = "Stops copying segments to tiered storage.",
        ["remote.log.delete.on.disable"] = "Deletes remote data when tiered storage is turned off.",
        ["remote.storage.enable"] = "Tiered storage for the topic.",
        ["retention.bytes"] = "Largest a partition may grow before its oldest segments are deleted; -1 means no limit.",
        ["retention.ms"] = "How long a segment is kept after its newest record; -1 keeps it forever.",
        ["segment.bytes"] = "Size at which a segment is rolled.",
        ["segment.index.bytes"] = "Size of a segment's offset and time indexes.",
        ["segment.jitter.ms"] = "Random jitter subtracted from segment.ms.",
        ["segment.ms"] = "Age at which a non-empty segment is rolled.",
        ["unclean.leader.election.enable"] = "Whether an out-of-sync replica may become leader; a single node has no other replica.",
        ["advertised.listeners"] = "Address clients are told to connect to (kpipe's --advertise).",
        ["auto.create.topics.enable"] = "Whether a Metadata or Produce request for an unknown topic creates it.",
        ["broker.id"] = "This broker's id; equal to node.id.",
        ["listeners"] = "Address the broker listens on (kpipe's --listen).",
        ["log.dirs"] = "Directory holding the partitions and metadata (kpipe's --data).",
        ["log.flush.interval.ms"] = "Period of the background flush when --fsync is interval.",
        ["log.retention.check.interval.ms"] = "How often retention runs.",
        ["node.id"] = "This node's id, reported by Metadata, FindCoordinator and DescribeCluster (kpipe's --node-id).",
        ["num.partitions"] = "Partitions of auto-created topics and of CreateTopics with -1.",
        ["sasl.enabled.mechanisms"] = "SASL mechanisms the listener accepts.",
        ["socket.request.max.bytes"] = "Largest request frame; a larger one closes the connection.",
        ["connections.max.idle.ms"] = "A connection without a request for this long is closed.",
        ["max.connections"] = "Connections accepted in total; more are closed at accept.",
        ["max.connections.per.ip"] = "Connections accepted from one address; more are closed at accept.",
        ["queued.max.requests"] = "Requests taken from one connection per read.",
        ["group.initial.rebalance.delay.ms"] = "Wait before the first rebalance of an empty group, extended while members keep joining.",
        ["group.min.session.timeout.ms"] = "Shortest session timeout a member may ask for.",
        ["group.max.session.timeout.ms"] = "Longest session timeout a member may ask for.",
        ["group.max.size"] = "Most members a group may have.",
        ["offsets.retention.minutes"] = "How long a group's committed offsets are kept after the group empties.",
        ["offsets.retention.check.interval.ms"] = "How often expired committed offsets are removed.",
        ["offset.metadata.max.bytes"] = "Largest metadata string of a committed offset.",
        ["offsets.topic.replication.factor"] = "Replication of the committed offsets; one on a single node.",
        ["transaction.state.log.replication.factor"] = "Replication of the transaction state; one on a single node.",
        ["transaction.state.log.min.isr"] = "In-sync replicas the transaction state needs; one on a single node.",
        ["producer.id.expiration.ms"] = "How long an idle producer id's sequence state is kept.",
        ["producer.id.expiration.check.interval.ms"] = "How often expired producer ids are removed.",
        ["process.roles"] = "The roles of this node: kpipe is broker and controller in one process.",
        ["log.flush.interval.messages"] = "Messages appended before a flush; 1 when --fsync is always.",
    };

    /// <summary>The text for a Kafka broker setting that kpipe does not use, so that a client sees why it cannot change it.</summary>
    public const string UnusedBrokerConfig = "A Kafka broker setting that kpipe does not use: it shows Kafka's default and is read-only.";

    /// <summary>The documentation of <paramref name="name"/>, or null when we have none.</summary>
    public static string? For(string name) => Texts.GetValueOrDefault(name);
}
