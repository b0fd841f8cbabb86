using System.Globalization;
using Kpipe.Broker.Configs;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Metadata;

/// <summary>Kafka's topic configs (<c>LogConfig.java</c>): names, defaults, value rules, and the mapping onto <see cref="LogConfig"/>.</summary>
public static class TopicConfigCatalog
{
    private static readonly Dictionary<string, ConfigRule> Rules = new(StringComparer.Ordinal)
    {
        ["cleanup.policy"] = ConfigRule.List("delete", "delete", "compact"),
        ["compression.type"] = ConfigRule.OneOf("producer", "uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"),
        ["compression.gzip.level"] = ConfigRule.Int(-1, -1, 9),
        ["compression.lz4.level"] = ConfigRule.Int(9, 1, 17),
        ["compression.zstd.level"] = ConfigRule.Int(3, -131072, 22),
        ["delete.retention.ms"] = ConfigRule.Long(86400000, 0),
        ["file.delete.delay.ms"] = ConfigRule.Long(60000, 0),
        ["flush.messages"] = ConfigRule.Long(long.MaxValue, 1),
        ["flush.ms"] = ConfigRule.Long(long.MaxValue, 0),
        ["follower.replication.throttled.replicas"] = ConfigRule.ThrottledReplicas(),
        ["index.interval.bytes"] = ConfigRule.Int(4096, 0),
        ["leader.replication.throttled.replicas"] = ConfigRule.ThrottledReplicas(),
        ["local.retention.bytes"] = ConfigRule.Long(-2, -2),
        ["local.retention.ms"] = ConfigRule.Long(-2, -2),
        ["max.compaction.lag.ms"] = ConfigRule.Long(long.MaxValue, 1),
        ["max.message.bytes"] = ConfigRule.Int(1048588, 0),
        ["message.downconversion.enable"] = ConfigRule.Bool(true),
        ["message.timestamp.after.max.ms"] = ConfigRule.Long(long.MaxValue, 0),
        ["message.timestamp.before.max.ms"] = ConfigRule.Long(long.MaxValue, 0),
        ["message.timestamp.difference.max.ms"] = ConfigRule.Long(long.MaxValue, 0),
        ["message.timestamp.type"] = ConfigRule.OneOf("CreateTime", "CreateTime", "LogAppendTime"),
        ["min.cleanable.dirty.ratio"] = ConfigRule.Double(0.5, 0, 1),
        ["min.compaction.lag.ms"] = ConfigRule.Long(0, 0),
        ["min.insync.replicas"] = ConfigRule.Int(1, 1),
        ["preallocate"] = ConfigRule.Bool(false),
        ["remote.log.copy.disable"] = ConfigRule.Bool(false),
        ["remote.log.delete.on.disable"] = ConfigRule.Bool(false),
        ["remote.storage.enable"] = ConfigRule.Bool(false),
        ["retention.bytes"] = ConfigRule.Long(-1, long.MinValue),
        ["retention.ms"] = ConfigRule.Long(604800000, -1),
        ["segment.bytes"] = ConfigRule.Int(1073741824, 14),
        ["segment.index.bytes"] = ConfigRule.Int(10485760, 4),
        ["segment.jitter.ms"] = ConfigRule.Long(0, 0),
        ["segment.ms"] = ConfigRule.Long(604800000, 1),
        ["unclean.leader.election.enable"] = ConfigRule.Bool(false),
    };

    /// <summary>Every topic config name, in name order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Rules.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Kafka's default value of a topic config.</summary>
    public static string DefaultValue(string name) => Rules[name].Default;

    /// <summary>Whether <paramref name="name"/> is a topic config.</summary>
    public static bool Contains(string name) => Rules.ContainsKey(name);

    /// <summary>The data type of a topic config.</summary>
    public static ConfigType TypeOf(string name) => Rules[name].Type;

    /// <summary>Checks one config name and value; returns a message for INVALID_CONFIG, or null when valid.</summary>
    public static string? Validate(string name, string? value)
    {
        if (!Rules.TryGetValue(name, out var rule))
        {
            return $"unknown topic config '{name}'";
        }

        if (value is null)
        {
            return $"topic config '{name}' needs a value";
        }

        return rule.Check(value) ? null : $"invalid value '{value}' for topic config '{name}': {rule.Expectation}";
    }

    /// <summary>Builds the log settings a partition obeys from a topic's overrides (assumed validated).</summary>
    public static LogConfig ToLogConfig(IReadOnlyDictionary<string, string> overrides)
    {
        string Get(string name) => overrides.TryGetValue(name, out var value) ? value : Rules[name].Default;
        long Long(string name) => long.Parse(Get(name), CultureInfo.InvariantCulture);

        return new LogConfig
        {
            MaxMessageBytes = (int)Long("max.message.bytes"),
            LogAppendTime = Get("message.timestamp.type") == "LogAppendTime",
            TimestampBeforeMaxMs = Long("message.timestamp.before.max.ms"),
            TimestampAfterMaxMs = Long("message.timestamp.after.max.ms"),
            SegmentBytes = Long("segment.bytes"),
            SegmentMs = Long("segment.ms"),
            RetentionMs = Long("retention.ms"),
            RetentionBytes = Long("retention.bytes"),
            IndexIntervalBytes = (int)Long("index.interval.bytes"),
            DeleteRetention = Get("cleanup.policy").Split(',').Any(p => p.Trim() == "delete"),
        };
    }
}
