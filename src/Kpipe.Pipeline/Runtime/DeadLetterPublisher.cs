using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// Publishes dead letters to a topic (key and value as they came; reason, source topic, partition and offset as headers).
/// At least once: a re-run batch publishes its dead letters again.
/// </summary>
internal sealed class DeadLetterPublisher : IDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly string _topic;
    private readonly string _sourceTopic;

    public DeadLetterPublisher(ProducerConfig config, string topic, string sourceTopic)
    {
        _producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
        _topic = topic;
        _sourceTopic = sourceTopic;
    }

    public void Publish(IReadOnlyList<DeadLetter> letters)
    {
        foreach (var letter in letters)
        {
            var headers = new Headers
            {
                { "reason", Encoding.UTF8.GetBytes(letter.Reason) },
                { "source_topic", Encoding.UTF8.GetBytes(_sourceTopic) },
                { "source_partition", Encoding.UTF8.GetBytes(letter.Partition.ToString(CultureInfo.InvariantCulture)) },
                { "source_offset", Encoding.UTF8.GetBytes(letter.Offset.ToString(CultureInfo.InvariantCulture)) },
            };
            _producer.Produce(_topic, new Message<byte[]?, byte[]> { Key = letter.Key, Value = letter.Value, Headers = headers });
        }
        if (letters.Count > 0)
        {
            _producer.Flush(TimeSpan.FromSeconds(30));
        }
    }

    public void Dispose() => _producer.Dispose();
}
