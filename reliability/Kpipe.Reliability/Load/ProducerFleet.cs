using System.Diagnostics;
using System.Threading.RateLimiting;
using Confluent.Kafka;

namespace Kpipe.Reliability.Load;

/// <summary>
/// Many Confluent.Kafka producers, each its own client and so its own connection to the one broker, with acks=all and
/// linger.ms=0, writing 100-byte records round-robin over the load topics. A round runs either at a fixed total rate,
/// every producer drawing from one token bucket, or at full speed with a bounded number of records in flight per producer.
/// </summary>
public sealed class ProducerFleet : IDisposable
{
    private const int InFlightAtFullSpeed = 1000;
    private static readonly TimeSpan ReplenishmentPeriod = TimeSpan.FromMilliseconds(5);
    private readonly LoadTopics _topics;
    private readonly List<IProducer<byte[], byte[]>> _producers = [];
    private readonly long[] _delivered;
    private readonly byte[] _value = new byte[100];
    private readonly Lock _errorLock = new();
    private long _errors;
    private string? _firstError;

    /// <summary>Creates <paramref name="producers"/> producers for <paramref name="topics"/> at <paramref name="bootstrap"/>.</summary>
    public ProducerFleet(string bootstrap, int producers, LoadTopics topics)
    {
        _topics = topics;
        _delivered = new long[topics.TotalPartitions];
        new Random(12).NextBytes(_value);
        for (var i = 0; i < producers; i++)
        {
            var config = new ProducerConfig
            {
                BootstrapServers = bootstrap,
                ClientId = $"load-producer-{i}",
                Acks = Acks.All,
                LingerMs = 0,
                MessageTimeoutMs = 30_000,
            };
            _producers.Add(new ProducerBuilder<byte[], byte[]>(config).SetErrorHandler((_, e) => Error(e.Reason)).Build());
        }
    }

    /// <summary>Acknowledged records so far per partition, indexed as <see cref="LoadTopics.IndexOf"/>.</summary>
    public long[] DeliveredPerPartition() => [.. Enumerable.Range(0, _delivered.Length).Select(i => Interlocked.Read(ref _delivered[i]))];

    /// <summary>
    /// Produces for <paramref name="duration"/> at <paramref name="rate"/> records per second in all (null: full speed),
    /// then waits for every delivery report.
    /// </summary>
    public async Task<ProduceRound> RunAsync(double? rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var errorsBefore = Interlocked.Read(ref _errors);
        var latencies = _producers.Select(_ => new List<long>()).ToArray();
        var delivered = 0L;
        using var limiter = rate is double perSecond ? Bucket(perSecond) : null;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(_producers.Select((producer, i) => Task.Run(() => ProduceAsync(producer, limiter, deadline, latencies[i], () => Interlocked.Increment(ref delivered), cancellationToken), cancellationToken)));
        var unsent = await Task.WhenAll(_producers.Select(p => Task.Run(() => p.Flush(TimeSpan.FromSeconds(60)), CancellationToken.None)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (unsent.Sum() is var left and > 0)
        {
            Error($"{left} records still undelivered 60 s after the round");
        }
        var all = latencies.SelectMany(l =>
        {
            lock (l)
            {
                return l.ToArray();
            }
        });
        return new ProduceRound(Interlocked.Read(ref delivered), Interlocked.Read(ref _errors) - errorsBefore, _firstError, new LatencyDistribution(all), elapsed);
    }

    /// <summary>Disposes the producers.</summary>
    public void Dispose()
    {
        foreach (var producer in _producers)
        {
            producer.Dispose();
        }
    }

    // Tokens come every few milliseconds rather than in one burst per second, so the arrivals are close to even.
    private static TokenBucketRateLimiter Bucket(double perSecond)
    {
        var perPeriod = Math.Max(1, (int)Math.Round(perSecond * ReplenishmentPeriod.TotalSeconds));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perPeriod,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = ReplenishmentPeriod,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    private async Task ProduceAsync(IProducer<byte[], byte[]> producer, RateLimiter? limiter, long deadline, List<long> latencies, Action counted, CancellationToken cancellationToken)
    {
        using var inFlight = new SemaphoreSlim(InFlightAtFullSpeed);
        var sequence = 0L;
        while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            if (limiter is not null)
            {
                using var lease = await limiter.AcquireAsync(1, cancellationToken);
                if (!lease.IsAcquired)
                {
                    continue;
                }
            }
            else
            {
                await inFlight.WaitAsync(cancellationToken);
            }
            var topic = _topics.Names[(int)(sequence % _topics.Count)];
            var message = new Message<byte[], byte[]> { Key = BitConverter.GetBytes(sequence++), Value = _value };
            var sent = Stopwatch.GetTimestamp();
            try
            {
                // The report comes on this producer's own delivery thread, so the latency is stamped there, not after a hop.
                producer.Produce(topic, message, report =>
                {
                    var latency = Stopwatch.GetElapsedTime(sent).Ticks / TimeSpan.TicksPerMicrosecond;
                    if (report.Error.IsError)
                    {
                        Error(report.Error.Reason);
                    }
                    else
                    {
                        lock (latencies)
                        {
                            latencies.Add(latency);
                        }
                        Interlocked.Increment(ref _delivered[_topics.IndexOf(report.Topic, report.Partition.Value)]);
                        counted();
                    }
                    if (limiter is null)
                    {
                        inFlight.Release();
                    }
                });
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                Error(e.Error.Reason);
                if (limiter is null)
                {
                    inFlight.Release();
                }
            }
        }
        // Delivery reports still to come release the semaphore: it stays alive until they have.
        if (limiter is null)
        {
            producer.Flush(TimeSpan.FromSeconds(60));
        }
    }

    private void Error(string reason)
    {
        lock (_errorLock)
        {
            _errors++;
            _firstError ??= reason;
        }
    }
}
