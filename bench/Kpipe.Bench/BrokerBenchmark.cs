using Confluent.Kafka;

namespace Kpipe.Bench;

/// <summary>
/// The broker benchmark of issue 2: Confluent.Kafka produce and consume throughput against the embedded broker
/// (a separate process), beside the produce rate of librdkafka's in-process mock cluster measured in the same run.
/// </summary>
public static class BrokerBenchmark
{
    /// <summary>Runs the benchmark; options <c>--records N --size BYTES --kpipe PATH --fsync never|interval|always</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var records = options.Int("records", 1_000_000);
        var size = options.Int("size", 200);
        var kpipe = options.String("kpipe", Path.Combine(RepoPaths.Root, "kpipe"));
        var fsync = options.String("fsync", "interval");

        Console.WriteLine($"broker benchmark: {records:N0} records of {size} bytes, Confluent.Kafka {Library.VersionString} (librdkafka), broker --fsync {fsync}");

        var mockRate = KafkaThroughput.Produce(
            new ProducerConfig { BootstrapServers = "", Acks = Acks.All, LingerMs = 5 }.With("test.mock.num.brokers", "1"),
            "bench", records, size);
        Console.WriteLine($"  librdkafka mock cluster produce : {mockRate,12:N0} records/s (peer)");

        await using var broker = await BrokerProcess.StartAsync(kpipe, fsync);
        var idleRss = broker.ResidentBytes;
        var bootstrap = $"127.0.0.1:{broker.Port}";
        var cpuBefore = broker.CpuTime;
        var produceRate = KafkaThroughput.Produce(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 5 }, "bench", records, size);
        var cpuProduce = broker.CpuTime - cpuBefore;
        var consumeRate = KafkaThroughput.Consume(bootstrap, "bench", records, out var firstRecord);
        var cpuConsume = broker.CpuTime - cpuBefore - cpuProduce;
        var peakRss = broker.PeakResidentBytes;

        Console.WriteLine($"  kpipe broker produce (acks=all) : {produceRate,12:N0} records/s  {produceRate / mockRate,5:F2}x mock produce (target >= 1.0)");
        Console.WriteLine($"  kpipe broker consume (1st->last): {consumeRate,12:N0} records/s  {consumeRate / mockRate,5:F2}x mock produce (target >= 1.5)");
        Console.WriteLine($"  consumer Assign to first record : {firstRecord.TotalSeconds,12:F3} s (not in the consume rate)");
        Console.WriteLine($"  start to first ApiVersions      : {broker.StartToFirstAnswer.TotalSeconds,12:F3} s (target < 0.3, after build)");
        Console.WriteLine($"  broker CPU produce / consume    : {cpuProduce.TotalSeconds,9:F2} s / {cpuConsume.TotalSeconds:F2} s");
        Console.WriteLine($"  broker RSS idle / peak          : {idleRss / 1048576.0,9:F1} MiB / {peakRss / 1048576.0:F1} MiB");
        return 0;
    }

    private static ProducerConfig With(this ProducerConfig config, string key, string value)
    {
        config.Set(key, value);
        return config;
    }
}
