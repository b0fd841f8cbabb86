namespace Kpipe.Broker.Protocol.Messages;

/// <summary>DescribeConfigs request (key 32, v1–2; flexible only from v4): resources (2 = topic, 4 = broker) and optional key filters.</summary>
public sealed record DescribeConfigsRequest(IReadOnlyList<DescribeConfigsRequest.Resource> Resources, bool IncludeSynonyms)
{
    /// <summary>Kafka's resource type for a topic.</summary>
    public const sbyte TopicResource = 2;

    /// <summary>Kafka's resource type for a broker.</summary>
    public const sbyte BrokerResource = 4;

    /// <summary>One resource; null keys mean every config.</summary>
    public sealed record Resource(sbyte ResourceType, string ResourceName, IReadOnlyList<string>? ConfigurationKeys);

    /// <summary>Decodes the body.</summary>
    public static DescribeConfigsRequest Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var resources = new Resource[r.ReadArrayCount(flex)];
        for (var i = 0; i < resources.Length; i++)
        {
            var type = r.ReadInt8();
            var name = r.ReadString(flex);
            var count = r.ReadArrayLength(flex);
            string[]? keys = count < 0 ? null : new string[count];
            for (var j = 0; j < count; j++)
            {
                keys![j] = r.ReadString(flex);
            }

            r.SkipTaggedFields(flex);
            resources[i] = new Resource(type, name, keys);
        }

        var synonyms = version >= 1 && r.ReadBool();
        if (version >= 3)
        {
            r.ReadBool();
        }

        r.SkipTaggedFields(flex);
        return new DescribeConfigsRequest(resources, synonyms);
    }

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        w.WriteArrayLength(Resources.Count, flex);
        foreach (var res in Resources)
        {
            w.WriteInt8(res.ResourceType);
            w.WriteString(res.ResourceName, flex);
            w.WriteArrayLength(res.ConfigurationKeys?.Count ?? -1, flex);
            foreach (var key in res.ConfigurationKeys ?? [])
            {
                w.WriteString(key, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        if (version >= 1)
        {
            w.WriteBool(IncludeSynonyms);
        }

        if (version >= 3)
        {
            w.WriteBool(false);
        }

        w.WriteEmptyTaggedFields(flex);
    }
}

/// <summary>DescribeConfigs response: per resource its configs with value, source (v1+) and flags; synonyms are always empty.</summary>
public sealed record DescribeConfigsResponse(IReadOnlyList<DescribeConfigsResponse.Result> Results, int ThrottleTimeMs = 0) : IResponseBody
{
    /// <summary>One resource's outcome.</summary>
    public sealed record Result(ErrorCode ErrorCode, string? ErrorMessage, sbyte ResourceType, string ResourceName, IReadOnlyList<Config> Configs);

    /// <summary>One config entry; <see cref="ConfigSource"/> uses Kafka's wire values (5 default, 1 topic, 4 static broker).</summary>
    public sealed record Config(string Name, string? Value, bool ReadOnly, sbyte ConfigSource, bool IsSensitive);

    /// <summary>Kafka's DEFAULT_CONFIG source value.</summary>
    private const sbyte DefaultSource = 5;

    /// <summary>Encodes the body.</summary>
    public void Write(KafkaWriter w, short version)
    {
        var flex = version >= 4;
        w.WriteInt32(ThrottleTimeMs);
        w.WriteArrayLength(Results.Count, flex);
        foreach (var res in Results)
        {
            w.WriteInt16((short)res.ErrorCode);
            w.WriteNullableString(res.ErrorMessage, flex);
            w.WriteInt8(res.ResourceType);
            w.WriteString(res.ResourceName, flex);
            w.WriteArrayLength(res.Configs.Count, flex);
            foreach (var c in res.Configs)
            {
                w.WriteString(c.Name, flex);
                w.WriteNullableString(c.Value, flex);
                w.WriteBool(c.ReadOnly);
                if (version == 0)
                {
                    w.WriteBool(c.ConfigSource == DefaultSource);
                }
                else
                {
                    w.WriteInt8(c.ConfigSource);
                }

                w.WriteBool(c.IsSensitive);
                if (version >= 1)
                {
                    w.WriteArrayLength(0, flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }

        w.WriteEmptyTaggedFields(flex);
    }

    /// <summary>Decodes the body (synonyms are skipped).</summary>
    public static DescribeConfigsResponse Read(ref KafkaReader r, short version)
    {
        var flex = version >= 4;
        var throttle = r.ReadInt32();
        var results = new Result[r.ReadArrayCount(flex)];
        for (var i = 0; i < results.Length; i++)
        {
            var error = (ErrorCode)r.ReadInt16();
            var message = r.ReadNullableString(flex);
            var type = r.ReadInt8();
            var name = r.ReadString(flex);
            var configs = new Config[r.ReadArrayCount(flex)];
            for (var j = 0; j < configs.Length; j++)
            {
                var key = r.ReadString(flex);
                var value = r.ReadNullableString(flex);
                var readOnly = r.ReadBool();
                var source = version == 0 ? (r.ReadBool() ? DefaultSource : (sbyte)-1) : r.ReadInt8();
                var sensitive = r.ReadBool();
                if (version >= 1)
                {
                    var synonyms = r.ReadArrayCount(flex);
                    for (var k = 0; k < synonyms; k++)
                    {
                        r.ReadString(flex);
                        r.ReadNullableString(flex);
                        r.ReadInt8();
                        r.SkipTaggedFields(flex);
                    }
                }

                r.SkipTaggedFields(flex);
                configs[j] = new Config(key, value, readOnly, source, sensitive);
            }

            r.SkipTaggedFields(flex);
            results[i] = new Result(error, message, type, name, configs);
        }

        r.SkipTaggedFields(flex);
        return new DescribeConfigsResponse(results, throttle);
    }
}
