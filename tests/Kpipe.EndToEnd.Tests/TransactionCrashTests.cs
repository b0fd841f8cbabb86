using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Kpipe.EndToEnd.Tests;

/// <summary>A transactional producer and a read_committed consumer through a SIGKILL of the broker process.</summary>
[Trait("Category", "Slow")]
public sealed class TransactionCrashTests
{
    private const string Topic = "txn-crash";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_transaction_open_when_the_broker_is_SIGKILLed_commits_after_the_restart_and_read_committed_sees_every_committed_record()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("kpipe-txn-crash-").FullName;
        var bootstrap = $"127.0.0.1:{FreePort.Reserve()}";
        try
        {
            using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap, TransactionalId = "crash-txn" }).Build();
            using (var first = StartBroker(dataDirectory, bootstrap))
            {
                await CreateTopicAsync(bootstrap);
                producer.InitTransactions(Deadline);
                producer.BeginTransaction();
                await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "first" });
                producer.CommitTransaction(Deadline);
                producer.BeginTransaction();
                await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "open at the kill" });
                first.Kill();
                await first.WaitForExitAsync();
            }

            using var second = StartBroker(dataDirectory, bootstrap);
            try
            {
                Assert.Equal(["first"], ReadCommitted(bootstrap, 1));
                producer.CommitTransaction(Deadline);
                Assert.Equal(["first", "open at the kill"], ReadCommitted(bootstrap, 2));
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

    // Reads until `expected` values and then the end of the partition as read_committed sees it (its last stable offset).
    private static List<string> ReadCommitted(string bootstrap, int expected)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "txn-crash-check",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var values = new List<string>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is { IsPartitionEOF: true } && values.Count >= expected)
            {
                return values;
            }

            if (result is { IsPartitionEOF: false })
            {
                values.Add(result.Message.Value);
            }
        }

        throw new TimeoutException($"read {values.Count} committed records, expected {expected} and then the end");
    }

    private static async Task CreateTopicAsync(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await Poll.UntilAsync(() => TryCreate(admin), Deadline, "the broker to accept CreateTopics");
    }

    private static bool TryCreate(IAdminClient admin)
    {
        try
        {
            admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 1, ReplicationFactor = 1 }]).GetAwaiter().GetResult();
            return true;
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            return true;
        }
        catch (KafkaException)
        {
            return false;
        }
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
