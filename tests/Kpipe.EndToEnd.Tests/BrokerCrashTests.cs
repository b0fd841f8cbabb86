using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.EndToEnd.Tests;

/// <summary>Durability of acknowledged records when the broker process dies by SIGKILL under <c>--fsync always</c>.</summary>
[Trait("Category", "Slow")]
public sealed class BrokerCrashTests
{
    private const string Topic = "crash";
    private const int AcknowledgedBeforeKill = 3000;

    [Fact]
    public async Task Records_acknowledged_with_acks_all_under_fsync_always_survive_a_SIGKILL_of_the_broker()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("kpipe-crash-").FullName;
        var bootstrap = $"127.0.0.1:{FreePort.Reserve()}";
        try
        {
            var acknowledged = new ConcurrentDictionary<long, string>();
            using (var first = StartBroker(dataDirectory, bootstrap))
            {
                await CreateTopicAsync(bootstrap);
                ProduceUntilKilled(bootstrap, first, acknowledged);
                Assert.True(first.HasExited, "the broker should have been killed");
            }

            Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"only {acknowledged.Count} records were acknowledged");
            using var second = StartBroker(dataDirectory, bootstrap);
            try
            {
                var stored = ReadAll(bootstrap);
                foreach (var (offset, value) in acknowledged)
                {
                    Assert.True(stored.TryGetValue(offset, out var found), $"acknowledged offset {offset} is missing after the restart");
                    Assert.Equal(value, found);
                }
            }
            finally
            {
                second.Kill();
                await second.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    // Produces as fast as the broker acknowledges, and kills the broker while later records are still in flight.
    private static void ProduceUntilKilled(string bootstrap, Process broker, ConcurrentDictionary<long, string> acknowledged)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 1, MessageTimeoutMs = 4000 };
        using var producer = new ProducerBuilder<Null, string>(config).Build();
        var clock = Stopwatch.StartNew();
        for (var i = 0; acknowledged.Count < AcknowledgedBeforeKill; i++)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"only {acknowledged.Count} acknowledgements in 60 s");
            var value = $"record-{i}";
            producer.Produce(Topic, new Message<Null, string> { Value = value }, report =>
            {
                if (!report.Error.IsError)
                {
                    acknowledged[report.Offset.Value] = value;
                }
            });
            if (i % 50 == 0)
            {
                producer.Poll(TimeSpan.FromMilliseconds(1));
            }
        }

        broker.Kill();
        broker.WaitForExit();
        producer.Flush(TimeSpan.FromSeconds(15));
    }

    private static Dictionary<long, string> ReadAll(string bootstrap)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "crash-check", EnableAutoCommit = false, EnablePartitionEof = true };
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var stored = new Dictionary<long, string>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null)
            {
                continue;
            }
            if (result.IsPartitionEOF)
            {
                return stored;
            }
            stored[result.Offset.Value] = result.Message.Value;
        }
        throw new TimeoutException($"read {stored.Count} records, then no end of partition within 60 s");
    }

    private static async Task CreateTopicAsync(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 1, ReplicationFactor = 1 }]);
    }

    private static Process StartBroker(string dataDirectory, string bootstrap)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { KpipeCli.Assembly, "broker", "start", "--data-dir", dataDirectory, "--listen", bootstrap, "--fsync", "always" })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the broker");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
