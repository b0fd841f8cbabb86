using Confluent.Kafka;

namespace Kpipe.Bench;

/// <summary>
/// The broker benchmark of issue 2: Confluent.Kafka produce and consume throughput against the embedded broker
/// (a separate process), beside the produce rate of librdkafka's in-process mock cluster measured in the same run, as
/// ratios. Each round starts a fresh broker and measures the mock again, so a round's ratios compare figures taken
/// seconds apart; the summary gives the median of each ratio and how many rounds met each target.
/// </summary>
public static class BrokerBenchmark
{
    private const double ProduceTarget = 1.0;
    private const double ConsumeTarget = 1.5;
    private const double StartTargetSeconds = 0.3;

    /// <summary>Runs the benchmark; options <c>--records N --size BYTES --rounds N --kpipe PATH --fsync never|interval|always</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var records = options.Int("records", 1_000_000);
        var size = options.Int("size", 200);
        var rounds = options.Int("rounds", 3);
        var kpipe = options.String("kpipe", Path.Combine(RepoPaths.Root, "kpipe"));
        var fsync = options.String("fsync", "interval");

        Console.WriteLine($"broker benchmark: {rounds} rounds of {records:N0} records of {size} bytes, Confluent.Kafka {Library.VersionString} (librdkafka), broker --fsync {fsync}");
        var results = new List<Round>();
        for (var i = 1; i <= rounds; i++)
        {
            var round = await RunRoundAsync(kpipe, fsync, records, size);
            results.Add(round);
            Console.WriteLine($"round {i}:");
            round.Print();
        }

        Console.WriteLine($"summary over {rounds} rounds:");
        Console.WriteLine($"  produce / mock produce: median {Statistics.Median(results.Select(r => r.ProduceRatio)):F2}x, target >= {ProduceTarget:F1} met in {results.Count(r => r.ProduceRatio >= ProduceTarget)} of {rounds}");
        Console.WriteLine($"  consume / mock produce: median {Statistics.Median(results.Select(r => r.ConsumeRatio)):F2}x, target >= {ConsumeTarget:F1} met in {results.Count(r => r.ConsumeRatio >= ConsumeTarget)} of {rounds}");
        Console.WriteLine($"  start to first ApiVersions: median {Statistics.Median(results.Select(r => r.Start.TotalSeconds)):F3} s, target < {StartTargetSeconds:F1} met in {results.Count(r => r.Start.TotalSeconds < StartTargetSeconds)} of {rounds}");
        return 0;
    }

    private static async Task<Round> RunRoundAsync(string kpipe, string fsync, int records, int size)
    {
        var mockRate = KafkaThroughput.Produce(
            new ProducerConfig { BootstrapServers = "", Acks = Acks.All, LingerMs = 5 }.With("test.mock.num.brokers", "1"),
            "bench", records, size);

        await using var broker = await BrokerProcess.StartAsync(kpipe, fsync);
        var idleRss = broker.ResidentBytes;
        var bootstrap = $"127.0.0.1:{broker.Port}";
        var cpuBefore = broker.CpuTime;
        var produceRate = KafkaThroughput.Produce(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 5 }, "bench", records, size);
        var cpuProduce = broker.CpuTime - cpuBefore;
        var consumeRate = KafkaThroughput.Consume(bootstrap, "bench", records, out var firstRecord);
        var cpuConsume = broker.CpuTime - cpuBefore - cpuProduce;
        return new Round(mockRate, produceRate, consumeRate, firstRecord, broker.StartToFirstAnswer, cpuProduce, cpuConsume, idleRss, broker.PeakResidentBytes);
    }

    private static ProducerConfig With(this ProducerConfig config, string key, string value)
    {
        config.Set(key, value);
        return config;
    }

    private sealed record Round(
        double MockRate,
        double ProduceRate,
        double ConsumeRate,
        TimeSpan FirstRecord,
        TimeSpan Start,
        TimeSpan CpuProduce,
        TimeSpan CpuConsume,
        long IdleRss,
        long PeakRss)
    {
        public double ProduceRatio => ProduceRate / MockRate;

        public double ConsumeRatio => ConsumeRate / MockRate;

        public void Print()
        {
            Console.WriteLine($"  librdkafka mock cluster produce : {MockRate,12:N0} records/s (peer)");
            Console.WriteLine($"  kpipe broker produce (acks=all) : {ProduceRate,12:N0} records/s  {ProduceRatio,5:F2}x mock produce (target >= {ProduceTarget:F1})");
            Console.WriteLine($"  kpipe broker consume (1st->last): {ConsumeRate,12:N0} records/s  {ConsumeRatio,5:F2}x mock produce (target >= {ConsumeTarget:F1})");
            Console.WriteLine($"  consumer Assign to first record : {FirstRecord.TotalSeconds,12:F3} s (not in the consume rate)");
            Console.WriteLine($"  start to first ApiVersions      : {Start.TotalSeconds,12:F3} s (target < {StartTargetSeconds:F1}, after build)");
            Console.WriteLine($"  broker CPU produce / consume    : {CpuProduce.TotalSeconds,9:F2} s / {CpuConsume.TotalSeconds:F2} s");
            Console.WriteLine($"  broker RSS idle / peak          : {IdleRss / 1048576.0,9:F1} MiB / {PeakRss / 1048576.0:F1} MiB");
        }
    }
}
