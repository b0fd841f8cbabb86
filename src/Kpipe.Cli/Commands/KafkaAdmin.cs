using Confluent.Kafka;
using Kpipe.Pipeline.Kafka;

namespace Kpipe.Cli.Commands;

/// <summary>Builds the quiet Confluent.Kafka admin client the topic and cluster commands share.</summary>
internal static class KafkaAdmin
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static IAdminClient Connect(string bootstrapServers, IReadOnlyDictionary<string, string> settings) =>
        new AdminClientBuilder(KafkaConfigs.Admin(bootstrapServers, settings, Timeout)).SetLogHandler((_, _) => { }).Build();

    /// <summary>Broker metadata, with a message naming the address when nothing answers.</summary>
    public static Metadata Metadata(IAdminClient admin, string bootstrapServers, string? topic = null)
    {
        try
        {
            return topic is null ? admin.GetMetadata(Timeout) : admin.GetMetadata(topic, Timeout);
        }
        catch (KafkaException e) when (e.Error.Code is ErrorCode.Local_Transport or ErrorCode.Local_TimedOut or ErrorCode.Local_AllBrokersDown)
        {
            throw new UserException(BrokerProbe.Unreachable(bootstrapServers, e.Error.Reason));
        }
    }
}
