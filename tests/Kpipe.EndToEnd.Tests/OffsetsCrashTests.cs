using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.EndToEnd.Tests;

/// <summary>Committed consumer offsets when the broker process dies by SIGKILL right after the commits were answered.</summary>
[Trait("Category", "Slow")]
public sealed class OffsetsCrashTests
{
    private const string Topic = "offsets-crash";
    private const string GroupId = "offsets-crash";

    [Fact]
    public async Task Offsets_committed_by_a_consumer_survive_a_SIGKILL_of_the_broker()
    {
        using var dataDirectory = new TempDirectory("kpipe-offsets-crash-");
        var bootstrap = $"127.0.0.1:{FreePort.Reserve()}";
        var committed = new List<TopicPartitionOffset>();
        using (var first = await StartBrokerAsync(dataDirectory.Path, bootstrap))
        {
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 3, ReplicationFactor = 1 }]);
            }

            using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = GroupId, EnableAutoCommit = false }).Build();
            consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartition(Topic, p)));
            for (var round = 1; round <= 50; round++)
            {
                var offsets = Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(Topic, p, round * 10 + p)).ToList();
                consumer.Commit(offsets);
                committed = offsets;
            }

            first.Kill();
            await first.WaitForExitAsync();
        }

        using var second = await StartBrokerAsync(dataDirectory.Path, bootstrap);
        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
            var stored = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(GroupId, null)])).Single().Partitions;
            Assert.Equal(
                committed.Select(c => (c.Partition.Value, c.Offset.Value)),
                stored.OrderBy(s => s.Partition.Value).Select(s => (s.Partition.Value, s.Offset.Value)));
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }
    }

    private static async Task<Process> StartBrokerAsync(string dataDirectory, string bootstrap)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { KpipeCli.Assembly, "broker", "start", "--data-dir", dataDirectory, "--listen", bootstrap })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the broker");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await Poll.UntilAsync(() => Answers(admin), TimeSpan.FromSeconds(60), "the broker's first answer");
        return process;
    }

    private static bool Answers(IAdminClient admin)
    {
        try
        {
            return admin.GetMetadata(TimeSpan.FromMilliseconds(500)).Brokers.Count > 0;
        }
        catch (KafkaException)
        {
            return false;
        }
    }
}
