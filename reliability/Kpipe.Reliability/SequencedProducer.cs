using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Kpipe.Reliability;

/// <summary>
/// A Confluent.Kafka producer (acks=all) that sends numbered records — payload "producer:sequence", sequence i to
/// partition i mod the partition count — as fast as the broker takes them, and records every acknowledgement (the
/// delivery report's partition and offset), so a scenario can check after faults that each acknowledged record is where
/// the broker said it put it. It keeps running while the broker is killed and restarted: the client reconnects and
/// retries what was in flight.
/// </summary>
public sealed class SequencedProducer : IDisposable
{
    private const int MaxOutstanding = 20_000;

    private readonly IProducer<Null, string> _producer;
    private readonly string _topic;
    private readonly int _partitions;
    private long _outstanding;
    private long _failed;
    private long _sent;

    /// <summary>Creates producer <paramref name="id"/> for <paramref name="topic"/>; idempotent ones may keep 5 requests in flight, the others 1 (so retries keep order).</summary>
    public SequencedProducer(int id, string bootstrap, string topic, int partitions, bool idempotent)
    {
        Id = id;
        Idempotent = idempotent;
        _topic = topic;
        _partitions = partitions;
        _producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            ClientId = $"crash-producer-{id}",
            Acks = Acks.All,
            EnableIdempotence = idempotent,
            MaxInFlight = idempotent ? 5 : 1,
            LingerMs = 2,
            MessageTimeoutMs = 120_000,
            RetryBackoffMs = 50,
            RetryBackoffMaxMs = 500,
            ReconnectBackoffMs = 20,
            ReconnectBackoffMaxMs = 200,
        }).SetLogHandler((_, _) =>
        {
            // The client's reconnect chatter during each kill is expected; the audit reports what matters.
        }).SetErrorHandler((_, error) =>
        {
            if (error.IsFatal)
            {
                FatalError = error.Reason;
            }
        }).Build();
    }

    /// <summary>The producer's number, the first half of each payload.</summary>
    public int Id { get; }

    /// <summary>Whether <c>enable.idempotence</c> is on.</summary>
    public bool Idempotent { get; }

    /// <summary>Acknowledged records: sequence → (partition, offset) from the delivery report.</summary>
    public ConcurrentDictionary<long, (int Partition, long Offset)> Acknowledged { get; } = new();

    /// <summary>Records whose delivery report carried an error (never acknowledged, so outside the guarantee).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Records handed to the client so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>The reason of a fatal client error (an idempotent producer that gave up), or null.</summary>
    public string? FatalError { get; private set; }

    /// <summary>The payload of record <paramref name="sequence"/> of producer <paramref name="producerId"/>.</summary>
    public static string Payload(int producerId, long sequence) => $"{producerId}:{sequence}";

    /// <summary>Produces until <paramref name="stop"/> is cancelled, then waits (up to <paramref name="drain"/>) for every outstanding report.</summary>
    public Task RunAsync(TimeSpan drain, CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        for (long sequence = 0; !stop.IsCancellationRequested && FatalError is null; sequence++)
        {
            while (Interlocked.Read(ref _outstanding) >= MaxOutstanding && !stop.IsCancellationRequested)
            {
                Thread.Sleep(5);
            }

            Send(sequence);
        }

        _producer.Flush(drain);
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <inheritdoc />
    public void Dispose() => _producer.Dispose();

    private void Send(long sequence)
    {
        var partition = (int)(sequence % _partitions);
        while (true)
        {
            try
            {
                Interlocked.Increment(ref _outstanding);
                _producer.Produce(new TopicPartition(_topic, partition), new Message<Null, string> { Value = Payload(Id, sequence) }, report =>
                {
                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref _failed);
                    }
                    else
                    {
                        Acknowledged[sequence] = (report.Partition.Value, report.Offset.Value);
                    }

                    Interlocked.Decrement(ref _outstanding);
                });
                Interlocked.Increment(ref _sent);
                return;
            }
            catch (ProduceException<Null, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                Interlocked.Decrement(ref _outstanding);
                Thread.Sleep(5);
            }
        }
    }
}
