using Confluent.Kafka;

namespace Kpipe.Pipeline.Kafka;

/// <summary>Extra librdkafka properties (SASL, TLS, …) laid over a config kpipe builds, so managed clusters can be reached.</summary>
public static class ClientSettings
{
    /// <summary>Sets each of <paramref name="settings"/> on <paramref name="config"/>, overriding kpipe's own values.</summary>
    public static T With<T>(this T config, IReadOnlyDictionary<string, string>? settings)
        where T : ClientConfig
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            config.Set(key, value);
        }
        return config;
    }
}
