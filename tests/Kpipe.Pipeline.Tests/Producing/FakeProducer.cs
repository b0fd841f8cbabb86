using Confluent.Kafka;

namespace Kpipe.Pipeline.Tests.Producing;

/// <summary>
/// An in-memory <see cref="IProducer{TKey,TValue}"/>: keeps every message, reports deliveries on Flush/Poll as librdkafka
/// does, fails the messages a test chooses, can refuse with QueueFull to exercise back-pressure, and refuses a value
/// over <c>maxMessageBytes</c> at once as librdkafka does for one over its message.max.bytes.
/// </summary>
internal sealed class FakeProducer(Func<int, Error?>? failure = null, int queueCapacity = int.MaxValue, TimeProvider? clock = null, int maxMessageBytes = int.MaxValue) : IProducer<byte[]?, byte[]>
{
    private readonly List<(Message<byte[]?, byte[]> Message, Action<DeliveryReport<byte[]?, byte[]>>? Handler)> _pending = [];

    public List<(string Topic, Message<byte[]?, byte[]> Message)> Sent { get; } = [];

    /// <summary>The clock's time at each accepted message, when the producer was given a clock.</summary>
    public List<DateTimeOffset> SentAt { get; } = [];

    public int QueueFullRefusals { get; private set; }

    public Handle Handle => throw new NotSupportedException();

    public string Name => "fake";

    public void Produce(string topic, Message<byte[]?, byte[]> message, Action<DeliveryReport<byte[]?, byte[]>>? deliveryHandler = null)
    {
        if (message.Value.Length > maxMessageBytes)
        {
            throw new ProduceException<byte[]?, byte[]>(new Error(ErrorCode.MsgSizeTooLarge), new DeliveryResult<byte[]?, byte[]> { Message = message });
        }

        if (_pending.Count >= queueCapacity)
        {
            QueueFullRefusals++;
            throw new ProduceException<byte[]?, byte[]>(new Error(ErrorCode.Local_QueueFull), new DeliveryResult<byte[]?, byte[]> { Message = message });
        }

        if (clock is not null)
        {
            SentAt.Add(clock.GetUtcNow());
        }
        Sent.Add((topic, message));
        _pending.Add((message, deliveryHandler));
    }

    public int Poll(TimeSpan timeout) => Deliver();

    public int Flush(TimeSpan timeout)
    {
        Deliver();
        return 0;
    }

    public void Flush(CancellationToken cancellationToken = default) => Deliver();

    private int Deliver()
    {
        var delivered = _pending.Count;
        foreach (var (message, handler) in _pending)
        {
            var index = Sent.FindIndex(s => ReferenceEquals(s.Message, message));
            handler?.Invoke(new DeliveryReport<byte[]?, byte[]>
            {
                Message = message,
                Error = failure?.Invoke(index) ?? new Error(ErrorCode.NoError),
                Status = PersistenceStatus.Persisted,
            });
        }

        _pending.Clear();
        return delivered;
    }

    public void Dispose()
    {
    }

    public Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(string topic, Message<byte[]?, byte[]> message, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(TopicPartition topicPartition, Message<byte[]?, byte[]> message, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public void Produce(TopicPartition topicPartition, Message<byte[]?, byte[]> message, Action<DeliveryReport<byte[]?, byte[]>>? deliveryHandler = null) => throw new NotSupportedException();
    public int AddBrokers(string brokers) => throw new NotSupportedException();
    public void SetSaslCredentials(string username, string password) => throw new NotSupportedException();
    public void InitTransactions(TimeSpan timeout) => throw new NotSupportedException();
    public void BeginTransaction() => throw new NotSupportedException();
    public void CommitTransaction(TimeSpan timeout) => throw new NotSupportedException();
    public void CommitTransaction() => throw new NotSupportedException();
    public void AbortTransaction(TimeSpan timeout) => throw new NotSupportedException();
    public void AbortTransaction() => throw new NotSupportedException();
    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) => throw new NotSupportedException();
}
