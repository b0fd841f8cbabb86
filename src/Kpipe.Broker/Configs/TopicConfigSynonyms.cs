namespace Kpipe.Broker.Configs;

/// <summary>
/// The broker configs that set a topic config's default (Kafka's topic config synonyms), highest precedence first:
/// <c>retention.ms</c> falls back to <c>log.retention.ms</c>, then <c>log.retention.minutes</c>, then
/// <c>log.retention.hours</c>. The first name of each list is the one that may be changed dynamically.
/// </summary>
public static class TopicConfigSynonyms
{
    private static readonly Dictionary<string, string[]> BrokerNames = new(StringComparer.Ordinal)
    {
        ["cleanup.policy"] = ["log.cleanup.policy"],
        ["compression.gzip.level"] = ["compression.gzip.level"],
        ["compression.lz4.level"] = ["compression.lz4.level"],
        ["compression.type"] = ["compression.type"],
        ["compression.zstd.level"] = ["compression.zstd.level"],
        ["delete.retention.ms"] = ["log.cleaner.delete.retention.ms"],
        ["file.delete.delay.ms"] = ["log.segment.delete.delay.ms"],
        ["flush.messages"] = ["log.flush.interval.messages"],
        ["flush.ms"] = ["log.flush.interval.ms", "log.flush.scheduler.interval.ms"],
        ["index.interval.bytes"] = ["log.index.interval.bytes"],
        ["local.retention.bytes"] = ["log.local.retention.bytes"],
        ["local.retention.ms"] = ["log.local.retention.ms"],
        ["max.compaction.lag.ms"] = ["log.cleaner.max.compaction.lag.ms"],
        ["max.message.bytes"] = ["message.max.bytes"],
        ["message.timestamp.after.max.ms"] = ["log.message.timestamp.after.max.ms"],
        ["message.timestamp.before.max.ms"] = ["log.message.timestamp.before.max.ms"],
        ["message.timestamp.type"] = ["log.message.timestamp.type"],
        ["min.cleanable.dirty.ratio"] = ["log.cleaner.min.cleanable.ratio"],
        ["min.compaction.lag.ms"] = ["log.cleaner.min.compaction.lag.ms"],
        ["min.insync.replicas"] = ["min.insync.replicas"],
        ["preallocate"] = ["log.preallocate"],
        ["retention.bytes"] = ["log.retention.bytes"],
        ["retention.ms"] = ["log.retention.ms", "log.retention.minutes", "log.retention.hours"],
        ["segment.bytes"] = ["log.segment.bytes"],
        ["segment.index.bytes"] = ["log.index.size.max.bytes"],
        ["segment.jitter.ms"] = ["log.roll.jitter.ms", "log.roll.jitter.hours"],
        ["segment.ms"] = ["log.roll.ms", "log.roll.hours"],
        ["unclean.leader.election.enable"] = ["unclean.leader.election.enable"],
    };

    // The flush settings follow --fsync, which is fixed at start, so kpipe does not let them change at run time.
    private static readonly Dictionary<string, string> DynamicBrokerNames = BrokerNames
        .Where(pair => !pair.Value[0].StartsWith("log.flush.", StringComparison.Ordinal))
        .ToDictionary(pair => pair.Value[0], pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The broker configs behind <paramref name="topicConfig"/>, highest precedence first; empty when it has none.</summary>
    public static IReadOnlyList<string> For(string topicConfig) => BrokerNames.TryGetValue(topicConfig, out var names) ? names : [];

    /// <summary>
    /// Whether <paramref name="brokerConfig"/> may be changed at run time (it sets a topic config's default), and the
    /// topic config whose rules its values follow.
    /// </summary>
    public static bool TryGetDynamic(string brokerConfig, out string topicConfig) => DynamicBrokerNames.TryGetValue(brokerConfig, out topicConfig!);
}
