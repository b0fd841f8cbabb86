namespace Kpipe.Cli.Commands;

/// <summary>
/// Has the Kafka client judge the user's <c>--kafka-config</c> settings before a broker is looked for, so an unknown
/// property or a bad value is reported as what it is rather than hidden behind "no broker answered".
/// </summary>
internal static class KafkaSettingsCheck
{
    /// <summary>Throws the Kafka client's own error for a setting it rejects; kpipe's own settings need no check.</summary>
    public static void Validate(string bootstrapServers, IReadOnlyDictionary<string, string> settings)
    {
        if (settings.Count == 0)
        {
            return;
        }

        // librdkafka checks every property and value when a client is built, whatever the client's kind: a consumer's
        // or a producer's setting passes here as it would in the client that uses it.
        using var client = KafkaAdmin.Connect(bootstrapServers, settings);
    }
}
