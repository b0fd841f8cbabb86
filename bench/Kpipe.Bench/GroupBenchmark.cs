using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.Bench;

/// <summary>
/// The consumer-group benchmark of issue 3, against the embedded broker in its own process: throughput of a
/// 3-member group beside one consumer over the same 6-partition topic, and the time from a new member's join
/// to every member holding its new assignment.
/// </summary>
public static class GroupBenchmark
{
    private const int Partitions = 6;

    /// <summary>Runs the benchmark; options <c>--records N --size BYTES --kpipe PATH</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var records = options.Int("records", 1_000_000);
        var size = options.Int("size", 200);
        var kpipe = options.String("kpipe", Path.Combine(RepoPaths.Root, "kpipe"));

        Console.WriteLine($"group benchmark: {records:N0} records of {size} bytes over {Partitions} partitions, Confluent.Kafka {Library.VersionString}");
        await using var broker = await BrokerProcess.StartAsync(kpipe);
        var bootstrap = $"127.0.0.1:{broker.Port}";
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "groups", NumPartitions = Partitions, ReplicationFactor = 1 }]);
        }
        KafkaThroughput.Produce(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 5 }, "groups", records, size);

        var single = await ConsumeInGroupAsync(bootstrap, "bench-one", members: 1, records);
        var three = await ConsumeInGroupAsync(bootstrap, "bench-three", members: 3, records);
        var join = await TimeJoinAsync(bootstrap);

        Console.WriteLine($"  one consumer (subscribe)        : {single,12:N0} records/s");
        Console.WriteLine($"  3-member group                  : {three,12:N0} records/s  {three / single,5:F2}x one consumer");
        Console.WriteLine($"  new member join -> all assigned : {join.TotalMilliseconds,12:F0} ms (heartbeat.interval.ms=500, eager range assignor)");
        return 0;
    }

    // Throughput from the first record any member receives to the last, so the group's join delay is not counted.
    private static async Task<double> ConsumeInGroupAsync(string bootstrap, string group, int members, int records)
    {
        var remaining = records;
        var started = 0;
        var clock = new Stopwatch();
        var timeout = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, members).Select(_ => Task.Run(() =>
        {
            using var consumer = new ConsumerBuilder<Ignore, byte[]>(GroupConfig(bootstrap, group)).Build();
            consumer.Subscribe("groups");
            while (Volatile.Read(ref remaining) > 0)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not null)
                {
                    if (Interlocked.Exchange(ref started, 1) == 0)
                    {
                        clock.Start();
                    }
                    if (Interlocked.Decrement(ref remaining) == 0)
                    {
                        clock.Stop();
                    }
                }
                if (timeout.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"{group}: {remaining} records still unread after 5 minutes");
                }
            }
            consumer.Close();
        })).ToArray();
        await Task.WhenAll(tasks);
        return records / clock.Elapsed.TotalSeconds;
    }

    // Two members reach a stable assignment; a third subscribes; the clock stops when all three hold the new one.
    private static async Task<TimeSpan> TimeJoinAsync(string bootstrap)
    {
        const string group = "bench-join";
        var stop = new CancellationTokenSource();
        var generations = new int[3];
        var joinClock = new Stopwatch();
        var joined = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);

        Task Member(int index) => Task.Run(() =>
        {
            using var consumer = new ConsumerBuilder<Ignore, byte[]>(GroupConfig(bootstrap, group))
                .SetPartitionsAssignedHandler((_, assigned) =>
                {
                    Interlocked.Increment(ref generations[index]);
                    if (joinClock.IsRunning && generations.All(g => g > 0) && generations[0] > 1 && generations[1] > 1)
                    {
                        joined.TrySetResult(joinClock.Elapsed);
                    }
                })
                .Build();
            consumer.Subscribe("groups");
            while (!stop.IsCancellationRequested)
            {
                consumer.Consume(TimeSpan.FromMilliseconds(50));
            }
            consumer.Close();
        });

        var first = new[] { Member(0), Member(1) };
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref generations[0]) == 0 || Volatile.Read(ref generations[1]) == 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("the first two members never got an assignment");
            }
            await Task.Delay(10);
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        joinClock.Start();
        var third = Member(2);
        var elapsed = await joined.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll([.. first, third]);
        return elapsed;
    }

    private static ConsumerConfig GroupConfig(string bootstrap, string group) => new()
    {
        BootstrapServers = bootstrap,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = true,
        HeartbeatIntervalMs = 500,
        SessionTimeoutMs = 10_000,
        ConsumeResultFields = "none",
    };
}
