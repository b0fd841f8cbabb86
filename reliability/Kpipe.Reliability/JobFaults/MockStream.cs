using System.Text.Json;
using Confluent.Kafka;
using Kpipe.Pipeline.Records;

namespace Kpipe.Reliability.JobFaults;

/// <summary>
/// A live stream of generated users (fixed seed) produced at a steady rate with acks=all and idempotence, every 50th
/// record a truncated JSON object that the job must turn into a dead letter.
/// </summary>
public static class MockStream
{
    /// <summary>Every how many records one is broken.</summary>
    public const int BrokenEvery = 50;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Produces <paramref name="count"/> records to <paramref name="topic"/> at <paramref name="perSecond"/>; returns how many were acknowledged.</summary>
    public static async Task<long> ProduceAsync(string bootstrap, string topic, int count, int perSecond, CancellationToken cancellationToken)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5, ClientId = "job-faults-stream" };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var tick = TimeSpan.FromMilliseconds(100);
        var perTick = Math.Max(1, perSecond / 10);
        using var timer = new PeriodicTimer(tick);
        var acknowledged = 0L;
        var failed = 0L;
        var sent = 0;
        foreach (var user in new MockDataGenerator(7).Generate(count))
        {
            var value = sent % BrokenEvery == BrokenEvery - 1 ? $"{{\"id\":{user.Id},\"first_name\":" : JsonSerializer.Serialize(user, Json);
            producer.Produce(topic, new Message<string, string> { Key = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Value = value }, report =>
            {
                Interlocked.Increment(ref report.Error.IsError ? ref failed : ref acknowledged);
            });
            if (++sent % perTick == 0)
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
        }
        producer.Flush(TimeSpan.FromSeconds(60));
        return failed == 0 ? acknowledged : throw new InvalidOperationException($"{failed} records of the stream were not acknowledged");
    }
}
